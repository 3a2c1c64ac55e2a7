package dev.crm.events.v1.contact;

/** The contact no longer has a parent account. */
public record ContactUnlinkedFromAccount(String contactId, String previousAccountId) implements ContactEvent {}

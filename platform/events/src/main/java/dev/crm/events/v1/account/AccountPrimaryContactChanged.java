package dev.crm.events.v1.account;

/** The account's primary contact changed; either id may be null (none before, or none any more). */
public record AccountPrimaryContactChanged(String accountId, String primaryContactId, String previousPrimaryContactId)
        implements AccountEvent {}

package dev.crm.events.v1.contact;

/** The contact now works for {@code accountId} (its parent account); {@code previousAccountId} is null if it had none. */
public record ContactLinkedToAccount(String contactId, String accountId, String previousAccountId)
        implements ContactEvent {}

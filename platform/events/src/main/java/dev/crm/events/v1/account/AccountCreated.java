package dev.crm.events.v1.account;

/**
 * An account was created, through the API or because a lead with a company was qualified.
 *
 * @param primaryContactId  the main person to deal with; null when none
 * @param originatingLeadId the lead whose qualification created the account; null when created directly
 */
public record AccountCreated(
        String accountId, String ownerId, AccountDetails details, String primaryContactId, String originatingLeadId)
        implements AccountEvent {}

package dev.crm.events.v1.contact;

/**
 * A contact was created, through the API or because a lead was qualified.
 *
 * @param parentAccountId   the account the contact works for; null when none
 * @param originatingLeadId the lead whose qualification created the contact; null when created directly
 */
public record ContactCreated(
        String contactId, String ownerId, ContactDetails details, String parentAccountId, String originatingLeadId)
        implements ContactEvent {}

package dev.crm.events.v1.lead;

import dev.crm.events.v1.ConnectionRole;
import java.util.List;

/**
 * The lead was qualified. The ids of the records to create downstream are chosen here, by the producer, so that a
 * redelivered event creates nothing twice.
 *
 * @param contactId       the contact of the opportunity; null when no contact is wanted
 * @param newContact      true: contact-account-service creates contact {@code contactId} from the lead;
 *                        false: {@code contactId} is an existing contact, only its empty fields may be filled
 * @param accountId       the account; null when the lead has no company and no existing account was chosen
 * @param newAccount      as {@code newContact}, for the account
 * @param opportunityId   the opportunity opportunity-service creates; null when none was asked for
 * @param details         the lead's details at qualification (after filling its empty fields from existing records)
 * @param stakeholders    the lead's connections, carried over to the opportunity
 */
public record LeadQualified(
        String leadId,
        String ownerId,
        String contactId,
        boolean newContact,
        String accountId,
        boolean newAccount,
        String opportunityId,
        LeadDetails details,
        List<Stakeholder> stakeholders)
        implements LeadEvent {

    public record Stakeholder(String contactId, ConnectionRole role) {}
}

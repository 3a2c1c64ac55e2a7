package dev.crm.events.v1.opportunity;

import dev.crm.events.v1.ConnectionRole;
import java.util.List;

/**
 * An opportunity exists: made by qualifying lead {@code originatingLeadId} (null when created directly), at
 * {@code stage} (QUALIFY), OPEN/IN_PROGRESS, with the lead's stakeholders and the steps the lead already answered.
 */
public record OpportunityCreated(
        String opportunityId,
        String ownerId,
        OpportunityDetails details,
        OpportunitySteps steps,
        SalesStage stage,
        String originatingLeadId,
        List<Stakeholder> stakeholders)
        implements OpportunityEvent {

    public record Stakeholder(String contactId, ConnectionRole role) {}
}

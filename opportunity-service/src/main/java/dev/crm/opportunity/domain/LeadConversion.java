package dev.crm.opportunity.domain;

import dev.crm.events.v1.ConnectionRole;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.events.v1.opportunity.OpportunityCreated;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.events.v1.opportunity.OpportunitySteps;
import dev.crm.platform.security.Actor;
import java.util.ArrayList;
import java.util.List;

/**
 * What an opportunity takes from the lead it is qualified from: the topic as its name, the customer made or chosen at
 * qualification, the budget, purchase timeframe and process, description, estimated close date and value (as the
 * estimated revenue), the owner and the stakeholders. The contact becomes a DECISION_MAKER stakeholder when the lead
 * says so, which also answers the "identify decision maker" step.
 */
public final class LeadConversion {

    /** The creation of the opportunity {@code qualified} asks for; null when it asks for none. */
    public static OpportunityCommands.CreateOpportunity opportunityOf(LeadQualified qualified, String actingUser) {
        if (qualified.opportunityId() == null) {
            return null;
        }
        LeadDetails lead = qualified.details();
        OpportunityDetails details = OpportunityDetails.builder()
                .name(lead.topic())
                .accountId(qualified.accountId())
                .contactId(qualified.contactId())
                .budgetAmount(lead.budgetAmount())
                .purchaseTimeframe(lead.purchaseTimeframe())
                .purchaseProcess(lead.purchaseProcess())
                .description(lead.description())
                .estimatedCloseDate(lead.estimatedCloseDate())
                .estimatedRevenue(lead.estimatedValue())
                .rating(lead.rating())
                .build();
        boolean decisionMaker = Boolean.TRUE.equals(lead.decisionMaker()) && qualified.contactId() != null;
        List<OpportunityCreated.Stakeholder> stakeholders = new ArrayList<>();
        if (decisionMaker) {
            stakeholders.add(new OpportunityCreated.Stakeholder(qualified.contactId(), ConnectionRole.DECISION_MAKER));
        }
        if (qualified.stakeholders() != null) {
            qualified.stakeholders().stream()
                    .filter(s -> !(decisionMaker && s.contactId().equals(qualified.contactId())))
                    .forEach(s -> stakeholders.add(new OpportunityCreated.Stakeholder(s.contactId(), s.role())));
        }
        OpportunitySteps steps = decisionMaker
                ? new OpportunitySteps(true, null, null, null, null, null, null, null, null, null, null, null, null)
                : OpportunitySteps.NONE;
        return new OpportunityCommands.CreateOpportunity(
                qualified.opportunityId(),
                qualified.ownerId(),
                details,
                steps,
                qualified.leadId(),
                stakeholders,
                Actor.onBehalfOf(actingUser));
    }

    private LeadConversion() {}
}

package dev.crm.events.v1.opportunity;

import java.time.LocalDate;

/**
 * The values of the sales-process steps that are not fields of the opportunity (those, such as the purchase
 * timeframe or the customer need, are in {@link OpportunityDetails}). A yes/no step is complete when true; the
 * others when they have a value. Absent means not answered.
 */
public record OpportunitySteps(
        Boolean identifyDecisionMaker,
        String captureSummary,
        Boolean identifyStakeholders,
        Boolean identifyCompetitors,
        Boolean identifySalesTeam,
        Boolean developProposal,
        Boolean completeInternalReview,
        Boolean presentProposal,
        Boolean completeFinalProposal,
        Boolean presentFinalProposal,
        LocalDate confirmDecisionDate,
        Boolean sendThankYouNote,
        Boolean fileDebrief) {

    public static final OpportunitySteps NONE =
            new OpportunitySteps(null, null, null, null, null, null, null, null, null, null, null, null, null);
}

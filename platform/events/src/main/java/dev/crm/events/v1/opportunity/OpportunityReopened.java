package dev.crm.events.v1.opportunity;

/**
 * A won or lost opportunity is OPEN/IN_PROGRESS again, at its stage, with that stage's forecast.
 *
 * @param originatingLeadId the lead the opportunity was made from (null when created directly, and in events written
 *                          before this field existed)
 */
public record OpportunityReopened(
        String opportunityId,
        OpportunityState previousState,
        SalesStage stage,
        int probability,
        ForecastCategory forecastCategory,
        String originatingLeadId)
        implements OpportunityEvent {}

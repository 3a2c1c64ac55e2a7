package dev.crm.events.v1.opportunity;

/** The opportunity moved to the next stage; {@code probability} and {@code forecastCategory} are now that stage's. */
public record OpportunityStageAdvanced(
        String opportunityId, SalesStage from, SalesStage to, int probability, ForecastCategory forecastCategory)
        implements OpportunityEvent {}

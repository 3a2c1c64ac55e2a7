package dev.crm.events.v1.opportunity;

/** The opportunity went back a stage; {@code probability} and {@code forecastCategory} are now that stage's. */
public record OpportunityStageMovedBack(
        String opportunityId, SalesStage from, SalesStage to, int probability, ForecastCategory forecastCategory)
        implements OpportunityEvent {}

package dev.crm.events.v1.opportunity;

/** A won or lost opportunity is OPEN/IN_PROGRESS again, at its stage, with that stage's forecast. */
public record OpportunityReopened(String opportunityId, OpportunityState previousState, SalesStage stage,
                                  int probability, ForecastCategory forecastCategory) implements OpportunityEvent {
}

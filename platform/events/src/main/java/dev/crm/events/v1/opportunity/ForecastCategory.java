package dev.crm.events.v1.opportunity;

/** Where an opportunity counts in the forecast; WON and LOST are set by closing it, never by hand. */
public enum ForecastCategory {
    PIPELINE,
    BEST_CASE,
    COMMITTED,
    OMITTED,
    WON,
    LOST
}

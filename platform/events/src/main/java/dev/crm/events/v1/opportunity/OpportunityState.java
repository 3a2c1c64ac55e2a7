package dev.crm.events.v1.opportunity;

public enum OpportunityState {
    OPEN,
    WON,
    LOST
}

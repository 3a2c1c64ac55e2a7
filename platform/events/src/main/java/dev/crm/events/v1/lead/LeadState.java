package dev.crm.events.v1.lead;

public enum LeadState {
    OPEN,
    QUALIFIED,
    DISQUALIFIED
}

package dev.crm.events.v1.lead;

/** Status reason of a lead; each belongs to exactly one {@link LeadState}. */
public enum LeadStatusReason {
    NEW(LeadState.OPEN),
    CONTACTED(LeadState.OPEN),
    QUALIFIED(LeadState.QUALIFIED),
    LOST(LeadState.DISQUALIFIED),
    CANNOT_CONTACT(LeadState.DISQUALIFIED),
    NO_LONGER_INTERESTED(LeadState.DISQUALIFIED),
    CANCELED(LeadState.DISQUALIFIED);

    private final LeadState state;

    LeadStatusReason(LeadState state) {
        this.state = state;
    }

    public LeadState state() {
        return state;
    }
}

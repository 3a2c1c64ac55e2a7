package dev.crm.events.v1.opportunity;

/** Status reason of an opportunity; each belongs to exactly one {@link OpportunityState}. */
public enum OpportunityStatusReason {
    IN_PROGRESS(OpportunityState.OPEN),
    ON_HOLD(OpportunityState.OPEN),
    WON(OpportunityState.WON),
    CANCELED(OpportunityState.LOST),
    OUT_SOLD(OpportunityState.LOST);

    private final OpportunityState state;

    OpportunityStatusReason(OpportunityState state) {
        this.state = state;
    }

    public OpportunityState state() {
        return state;
    }
}

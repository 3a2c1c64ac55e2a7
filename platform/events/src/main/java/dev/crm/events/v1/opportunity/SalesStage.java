package dev.crm.events.v1.opportunity;

/** The stages of the sales process, in order. */
public enum SalesStage {
    QUALIFY,
    DEVELOP,
    PROPOSE,
    CLOSE;

    /** The stage after this one; null at CLOSE. */
    public SalesStage next() {
        return this == CLOSE ? null : values()[ordinal() + 1];
    }

    /** The stage before this one; null at QUALIFY. */
    public SalesStage previous() {
        return this == QUALIFY ? null : values()[ordinal() - 1];
    }
}

package dev.crm.events.v1;

public enum PurchaseTimeframe {
    IMMEDIATE,
    THIS_QUARTER,
    NEXT_QUARTER,
    THIS_YEAR,
    UNKNOWN
}

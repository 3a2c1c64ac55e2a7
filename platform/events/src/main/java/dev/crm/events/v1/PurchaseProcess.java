package dev.crm.events.v1;

public enum PurchaseProcess {
    INDIVIDUAL,
    COMMITTEE,
    UNKNOWN
}

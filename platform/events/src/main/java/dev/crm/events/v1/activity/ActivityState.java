package dev.crm.events.v1.activity;

/** OPEN until completed or cancelled; COMPLETED and CANCELED are read-only. */
public enum ActivityState {
    OPEN,
    COMPLETED,
    CANCELED
}

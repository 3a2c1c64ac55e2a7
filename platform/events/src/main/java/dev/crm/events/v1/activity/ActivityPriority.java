package dev.crm.events.v1.activity;

public enum ActivityPriority {
    LOW,
    NORMAL,
    HIGH
}

package dev.crm.events.v1.activity;

public enum ActivityType {
    PHONE_CALL,
    TASK,
    EMAIL,
    APPOINTMENT
}

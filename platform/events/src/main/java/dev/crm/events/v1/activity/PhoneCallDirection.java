package dev.crm.events.v1.activity;

public enum PhoneCallDirection {
    OUTGOING,
    INCOMING
}

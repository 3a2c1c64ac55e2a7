package dev.crm.events.v1;

public enum Rating {
    HOT,
    WARM,
    COLD
}

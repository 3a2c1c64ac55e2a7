package dev.crm.events.v1.activity;

/** The activity will not be done; CANCELED/CANCELED, read-only from now on. */
public record ActivityCanceled(String activityId) implements ActivityEvent {}

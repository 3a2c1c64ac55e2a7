package dev.crm.events.v1.activity;

/** The activity was done (a phone call MADE or RECEIVED...); it is read-only from now on. */
public record ActivityCompleted(String activityId, ActivityStatusReason statusReason) implements ActivityEvent {}

package dev.crm.events.v1.activity;

/** A phone call, task, e-mail or appointment exists, OPEN/OPEN, owned by {@code ownerId}. */
public record ActivityCreated(String activityId, ActivityType type, String ownerId, ActivityDetails details)
        implements ActivityEvent {}

package dev.crm.events.v1.activity;

import java.util.List;

/** Some details of an open activity changed; {@code details} is the whole state after the change. */
public record ActivityUpdated(String activityId, List<String> changedFields, ActivityDetails details)
        implements ActivityEvent {}

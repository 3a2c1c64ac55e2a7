package dev.crm.events.v1.activity;

public record ActivityAssigned(String activityId, String previousOwnerId, String ownerId) implements ActivityEvent {}

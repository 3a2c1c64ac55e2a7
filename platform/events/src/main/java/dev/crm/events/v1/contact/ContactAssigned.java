package dev.crm.events.v1.contact;

public record ContactAssigned(String contactId, String previousOwnerId, String ownerId) implements ContactEvent {}

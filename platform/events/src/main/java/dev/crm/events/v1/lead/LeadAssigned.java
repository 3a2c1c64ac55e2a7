package dev.crm.events.v1.lead;

public record LeadAssigned(String leadId, String previousOwnerId, String ownerId) implements LeadEvent {}

package dev.crm.events.v1.opportunity;

public record OpportunityAssigned(String opportunityId, String previousOwnerId, String ownerId)
        implements OpportunityEvent {}

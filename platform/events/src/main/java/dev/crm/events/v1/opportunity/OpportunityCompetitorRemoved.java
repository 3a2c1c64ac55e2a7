package dev.crm.events.v1.opportunity;

public record OpportunityCompetitorRemoved(String opportunityId, String competitorId) implements OpportunityEvent {}

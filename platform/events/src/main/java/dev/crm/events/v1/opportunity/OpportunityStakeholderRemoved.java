package dev.crm.events.v1.opportunity;

public record OpportunityStakeholderRemoved(String opportunityId, String contactId) implements OpportunityEvent {}

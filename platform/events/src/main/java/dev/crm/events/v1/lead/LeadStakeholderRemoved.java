package dev.crm.events.v1.lead;

public record LeadStakeholderRemoved(String leadId, String contactId) implements LeadEvent {}

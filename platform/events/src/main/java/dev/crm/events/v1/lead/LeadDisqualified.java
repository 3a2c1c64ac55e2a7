package dev.crm.events.v1.lead;

public record LeadDisqualified(String leadId, LeadStatusReason reason) implements LeadEvent {}

package dev.crm.events.v1.lead;

/** A qualified or disqualified lead is OPEN/NEW and editable again. */
public record LeadReactivated(String leadId, LeadState previousState) implements LeadEvent {}

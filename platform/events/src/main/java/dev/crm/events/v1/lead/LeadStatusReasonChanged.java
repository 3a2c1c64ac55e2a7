package dev.crm.events.v1.lead;

/** An open lead was marked CONTACTED, or back NEW. */
public record LeadStatusReasonChanged(
        String leadId, LeadStatusReason previousStatusReason, LeadStatusReason statusReason) implements LeadEvent {}

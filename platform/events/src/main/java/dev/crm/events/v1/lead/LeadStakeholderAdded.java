package dev.crm.events.v1.lead;

import dev.crm.events.v1.ConnectionRole;

public record LeadStakeholderAdded(String leadId, String contactId, ConnectionRole role) implements LeadEvent {}

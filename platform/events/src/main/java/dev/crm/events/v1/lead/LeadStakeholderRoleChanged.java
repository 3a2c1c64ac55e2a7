package dev.crm.events.v1.lead;

import dev.crm.events.v1.ConnectionRole;

public record LeadStakeholderRoleChanged(
        String leadId, String contactId, ConnectionRole previousRole, ConnectionRole role) implements LeadEvent {}

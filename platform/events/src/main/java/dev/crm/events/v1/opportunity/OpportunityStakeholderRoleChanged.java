package dev.crm.events.v1.opportunity;

import dev.crm.events.v1.ConnectionRole;

public record OpportunityStakeholderRoleChanged(
        String opportunityId, String contactId, ConnectionRole previousRole, ConnectionRole role)
        implements OpportunityEvent {}

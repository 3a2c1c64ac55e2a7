package dev.crm.events.v1.opportunity;

import dev.crm.events.v1.ConnectionRole;

public record OpportunityStakeholderAdded(String opportunityId, String contactId, ConnectionRole role)
        implements OpportunityEvent {}

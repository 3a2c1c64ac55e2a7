package dev.crm.events.v1.opportunity;

import java.util.List;

/**
 * The opportunity's details changed. {@code changedFields} names the fields of {@link OpportunityDetails} whose value
 * differs from before; {@code details} is the complete state after the change.
 */
public record OpportunityUpdated(String opportunityId, List<String> changedFields, OpportunityDetails details)
        implements OpportunityEvent {}

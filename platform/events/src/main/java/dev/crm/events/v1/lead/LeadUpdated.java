package dev.crm.events.v1.lead;

import java.util.List;

/**
 * The lead's details changed. {@code changedFields} names the top-level fields of {@link LeadDetails} whose value
 * differs from before; {@code details} is the complete state after the change, so a consumer never needs the past.
 */
public record LeadUpdated(String leadId, List<String> changedFields, LeadDetails details) implements LeadEvent {}

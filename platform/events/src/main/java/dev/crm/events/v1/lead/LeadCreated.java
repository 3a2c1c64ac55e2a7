package dev.crm.events.v1.lead;

public record LeadCreated(String leadId, String ownerId, LeadDetails details) implements LeadEvent {
}

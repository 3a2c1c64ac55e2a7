package dev.crm.events.v1.lead;

/** {@code importId}: the lead import that made it, or null for a lead captured one at a time. */
public record LeadCreated(String leadId, String ownerId, LeadDetails details, String importId) implements LeadEvent {

    public LeadCreated(String leadId, String ownerId, LeadDetails details) {
        this(leadId, ownerId, details, null);
    }
}

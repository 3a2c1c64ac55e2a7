package dev.crm.events.v1.lead;

/**
 * The lead was deleted because the import that made it was reverted before anyone changed it: it leaves every list;
 * its history keeps it.
 */
public record LeadDeleted(String leadId, String importId) implements LeadEvent {}

package dev.crm.events.v1.opportunity;

/** A competitor for this deal: a company the customer also considers, with what the sales team knows of it. */
public record OpportunityCompetitorAdded(
        String opportunityId, String competitorId, String name, String website, String strengths, String weaknesses)
        implements OpportunityEvent {}

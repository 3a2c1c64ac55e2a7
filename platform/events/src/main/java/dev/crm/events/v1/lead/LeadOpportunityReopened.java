package dev.crm.events.v1.lead;

/**
 * An opportunity made from this lead was reopened: the lead counts it as open (it cannot be disqualified) until that
 * opportunity is won or lost again. Recorded by lead-service when it hears of the reopening; a lead that was
 * disqualified meanwhile is reactivated in the same step ({@link LeadReactivated} follows).
 *
 * @param opportunityVersion the opportunity's version after its reopening
 */
public record LeadOpportunityReopened(String leadId, String opportunityId, long opportunityVersion)
        implements LeadEvent {}

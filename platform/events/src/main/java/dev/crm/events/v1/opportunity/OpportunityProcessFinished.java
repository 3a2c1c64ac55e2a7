package dev.crm.events.v1.opportunity;

/** The sales process was finished at its last stage; moving back a stage makes it active again. */
public record OpportunityProcessFinished(String opportunityId, SalesStage stage) implements OpportunityEvent {}

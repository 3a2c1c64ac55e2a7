package dev.crm.events.v1.opportunity;

/** An open opportunity was put on hold or back in progress. */
public record OpportunityStatusReasonChanged(
        String opportunityId, OpportunityStatusReason previousStatusReason, OpportunityStatusReason statusReason)
        implements OpportunityEvent {}

package dev.crm.opportunity.api;

import jakarta.validation.constraints.Size;

/** A new opportunity: a name and a customer (accountId and/or contactId); the owner is the caller unless a manager names one. */
public class CreateOpportunityRequest extends OpportunityInput {
    @Size(max = 128)
    public String ownerId;
}

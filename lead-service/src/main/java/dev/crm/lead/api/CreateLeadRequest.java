package dev.crm.lead.api;

import jakarta.validation.constraints.Size;

/** A new lead: only topic and lastName are required; the owner is the caller unless a sales manager names one. */
public class CreateLeadRequest extends LeadInput {
    @Size(max = 128)
    public String ownerId;
}

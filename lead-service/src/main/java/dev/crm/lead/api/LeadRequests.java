package dev.crm.lead.api;

import dev.crm.events.v1.lead.LeadStatusReason;
import jakarta.validation.constraints.Size;

/** Bodies of the lead's operation endpoints. */
public final class LeadRequests {

    /** All options default as in Dynamics 365: create account, contact and opportunity. */
    public record Qualify(
            Boolean createAccount,
            Boolean createContact,
            Boolean createOpportunity,
            @Size(max = 64) String existingContactId,
            @Size(max = 64) String existingAccountId,
            Boolean ignoreDuplicates) {
        static final Qualify DEFAULTS = new Qualify(null, null, null, null, null, null);
    }

    public record Disqualify(LeadStatusReason reason) {}

    /** NEW or CONTACTED. */
    public record ChangeStatusReason(
            @jakarta.validation.constraints.NotNull LeadStatusReason statusReason) {}

    private LeadRequests() {}
}

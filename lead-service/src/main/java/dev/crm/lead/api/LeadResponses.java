package dev.crm.lead.api;

import dev.crm.events.v1.Address;
import dev.crm.events.v1.Money;
import dev.crm.events.v1.PurchaseProcess;
import dev.crm.events.v1.PurchaseTimeframe;
import dev.crm.events.v1.Rating;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadSource;
import dev.crm.events.v1.lead.LeadState;
import dev.crm.events.v1.lead.LeadStatusReason;
import dev.crm.events.v1.lead.PreferredContactMethod;
import dev.crm.lead.query.LeadSnapshot;
import dev.crm.platform.query.Stakeholder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Response bodies of the lead API. */
public final class LeadResponses {

    /**
     * A lead as the API shows it: its fields plus id, state, statusReason, ownerId, version and, for a lead an import
     * made, the import's id.
     */
    public record Lead(
            String id,
            String topic,
            String firstName,
            String lastName,
            String jobTitle,
            String email,
            String businessPhone,
            String mobilePhone,
            String companyName,
            String website,
            Address address,
            String industry,
            PreferredContactMethod preferredContactMethod,
            LeadSource leadSource,
            Rating rating,
            Money budgetAmount,
            PurchaseTimeframe purchaseTimeframe,
            PurchaseProcess purchaseProcess,
            LocalDate estimatedCloseDate,
            Money estimatedValue,
            String description,
            Boolean decisionMaker,
            LeadState state,
            LeadStatusReason statusReason,
            String ownerId,
            List<Stakeholder> stakeholders,
            LeadSnapshot.Qualification qualification,
            String importId,
            Instant createdAt,
            String createdBy,
            Instant modifiedAt,
            String modifiedBy,
            long version) {

        static Lead of(LeadSnapshot s) {
            LeadDetails d = s.details();
            return new Lead(
                    s.id(),
                    d.topic(),
                    d.firstName(),
                    d.lastName(),
                    d.jobTitle(),
                    d.email(),
                    d.businessPhone(),
                    d.mobilePhone(),
                    d.companyName(),
                    d.website(),
                    d.address(),
                    d.industry(),
                    d.preferredContactMethod(),
                    d.leadSource(),
                    d.rating(),
                    d.budgetAmount(),
                    d.purchaseTimeframe(),
                    d.purchaseProcess(),
                    d.estimatedCloseDate(),
                    d.estimatedValue(),
                    d.description(),
                    d.decisionMaker(),
                    s.state(),
                    s.statusReason(),
                    s.ownerId(),
                    s.stakeholders(),
                    s.qualification(),
                    s.importId(),
                    s.createdAt(),
                    s.createdBy(),
                    s.modifiedAt(),
                    s.modifiedBy(),
                    s.version());
        }
    }

    /** What qualification made: ids of the contact, account (null without company) and opportunity. */
    /**
     * {@code notFilled}: the chosen existing records whose empty fields this qualification leaves as they are, because
     * the caller may not change them (empty when it fills all it can).
     */
    public record Qualified(
            String leadId,
            String contactId,
            boolean newContact,
            String accountId,
            boolean newAccount,
            String opportunityId,
            long version,
            List<NotFilled> notFilled) {}

    /** A chosen contact or account linked to the lead but not changed: the fields the lead would have filled, and why. */
    public record NotFilled(String recordType, String id, List<String> fields, String reason) {}

    private LeadResponses() {}
}

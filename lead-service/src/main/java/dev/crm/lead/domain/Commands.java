package dev.crm.lead.domain;

import dev.crm.events.v1.ConnectionRole;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadStatusReason;
import dev.crm.platform.security.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of the Lead aggregate. {@code expectedVersion} (from If-Match) is optional: null skips the check. */
public final class Commands {

    /** {@code importId}: the lead import that makes it, or null. */
    public record CreateLead(String leadId, String ownerId, LeadDetails details, String importId, Actor actor) {

        public CreateLead(String leadId, String ownerId, LeadDetails details, Actor actor) {
            this(leadId, ownerId, details, null, actor);
        }
    }

    /** Reverting an import: deletes the lead it made, unless anything happened to the lead since. */
    public record DeleteImportedLead(
            @TargetAggregateIdentifier String leadId, String importId, Actor actor) {}

    public record UpdateLead(
            @TargetAggregateIdentifier String leadId, LeadDetails details, Long expectedVersion, Actor actor) {}

    /**
     * Ids for the records that may be created are chosen by the caller of the command (never by the aggregate), so
     * that a retried command and the downstream services agree on them; the aggregate decides which are used.
     * {@code fillFrom} holds values from the chosen existing contact/account for the lead's empty fields (may be null).
     */
    public record QualifyLead(
            @TargetAggregateIdentifier String leadId,
            boolean createContact,
            boolean createAccount,
            boolean createOpportunity,
            String existingContactId,
            String existingAccountId,
            LeadDetails fillFrom,
            String newContactId,
            String newAccountId,
            String newOpportunityId,
            Long expectedVersion,
            Actor actor) {}

    /**
     * {@code closedOpportunities}: the opportunities made from this lead that the caller knows to be won or lost, each
     * with the version that closed it; any other opportunity of the lead counts as open (one being created too, or one
     * the lead heard reopened after that version), and an open one forbids disqualifying.
     */
    public record DisqualifyLead(
            @TargetAggregateIdentifier String leadId,
            LeadStatusReason reason,
            java.util.Map<String, Long> closedOpportunities,
            Long expectedVersion,
            Actor actor) {}

    /** An opportunity made from the lead was reopened, bringing it to {@code opportunityVersion}. */
    public record NoteOpportunityReopened(
            @TargetAggregateIdentifier String leadId, String opportunityId, long opportunityVersion, Actor actor) {}

    /** NEW or CONTACTED, on an open lead. */
    public record ChangeLeadStatusReason(
            @TargetAggregateIdentifier String leadId,
            LeadStatusReason statusReason,
            Long expectedVersion,
            Actor actor) {}

    public record ReactivateLead(@TargetAggregateIdentifier String leadId, Long expectedVersion, Actor actor) {}

    public record AssignLead(
            @TargetAggregateIdentifier String leadId, String ownerId, Long expectedVersion, Actor actor) {}

    public record AddLeadStakeholder(
            @TargetAggregateIdentifier String leadId,
            String contactId,
            ConnectionRole role,
            Long expectedVersion,
            Actor actor) {}

    public record ChangeLeadStakeholderRole(
            @TargetAggregateIdentifier String leadId,
            String contactId,
            ConnectionRole role,
            Long expectedVersion,
            Actor actor) {}

    public record RemoveLeadStakeholder(
            @TargetAggregateIdentifier String leadId, String contactId, Long expectedVersion, Actor actor) {}

    private Commands() {}
}

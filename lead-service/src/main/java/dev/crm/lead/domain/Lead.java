package dev.crm.lead.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.crm.events.v1.ConnectionRole;
import dev.crm.events.v1.lead.LeadAssigned;
import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDeleted;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadDisqualified;
import dev.crm.events.v1.lead.LeadOpportunityReopened;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.events.v1.lead.LeadReactivated;
import dev.crm.events.v1.lead.LeadStakeholderAdded;
import dev.crm.events.v1.lead.LeadStakeholderRemoved;
import dev.crm.events.v1.lead.LeadStakeholderRoleChanged;
import dev.crm.events.v1.lead.LeadState;
import dev.crm.events.v1.lead.LeadStatusReason;
import dev.crm.events.v1.lead.LeadStatusReasonChanged;
import dev.crm.events.v1.lead.LeadUpdated;
import dev.crm.lead.domain.Commands.AddLeadStakeholder;
import dev.crm.lead.domain.Commands.AssignLead;
import dev.crm.lead.domain.Commands.ChangeLeadStakeholderRole;
import dev.crm.lead.domain.Commands.ChangeLeadStatusReason;
import dev.crm.lead.domain.Commands.CreateLead;
import dev.crm.lead.domain.Commands.DeleteImportedLead;
import dev.crm.lead.domain.Commands.DisqualifyLead;
import dev.crm.lead.domain.Commands.QualifyLead;
import dev.crm.lead.domain.Commands.ReactivateLead;
import dev.crm.lead.domain.Commands.RemoveLeadStakeholder;
import dev.crm.lead.domain.Commands.UpdateLead;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.domain.DomainException.Kind;
import dev.crm.platform.domain.Records;
import dev.crm.platform.domain.Versions;
import dev.crm.platform.security.Actor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * A lead: a prospect to qualify. Decides on commands and emits events; the event-sourcing handlers only change state.
 * Qualified and disqualified leads are read-only: every change but reactivation is refused.
 */
public class Lead {

    @AggregateIdentifier
    private String leadId;

    private String ownerId;
    private LeadDetails details;
    private LeadStatusReason statusReason;
    private final Map<String, ConnectionRole> stakeholders = new LinkedHashMap<>();
    /** every opportunity made from this lead, one per qualification */
    private final Set<String> opportunityIds = new LinkedHashSet<>();
    /** Opportunities heard reopened, with their version after the reopening. */
    private final Map<String, Long> reopenedAt = new java.util.HashMap<>();

    private String importId;
    private boolean deleted;

    protected Lead() {
        // for Axon
    }

    @CommandHandler
    public Lead(CreateLead command) {
        LeadRules.check(command.details());
        String owner = command.ownerId() == null ? command.actor().userId() : command.ownerId();
        if (!owner.equals(command.actor().userId())) {
            command.actor().requireManager("create a lead for another owner");
        }
        apply(new LeadCreated(command.leadId(), owner, command.details(), command.importId()));
    }

    @CommandHandler
    public void handle(DeleteImportedLead command) {
        requireNotDeleted();
        command.actor().requireMayChange("lead", leadId, ownerId);
        if (importId == null || !importId.equals(command.importId())) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "lead-not-from-import",
                    "Lead " + leadId + " was not made by import " + command.importId());
        }
        // the creation is the lead's only event: anything since (an edit, a qualification, an assignment) keeps it
        if (Versions.current() > 1) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "lead-changed-since-import",
                    "Lead " + leadId + " has changed since it was imported (version " + Versions.current() + ")",
                    Map.of("version", Versions.current()));
        }
        apply(new LeadDeleted(leadId, importId));
    }

    @CommandHandler
    public void handle(UpdateLead command) {
        requireChangeable(command.actor(), command.expectedVersion());
        LeadRules.check(command.details());
        List<String> changed = Records.changedFields(details, command.details());
        if (!changed.isEmpty()) {
            apply(new LeadUpdated(leadId, changed, command.details()));
        }
    }

    @CommandHandler
    public LeadQualified handle(QualifyLead command) {
        requireChangeable(command.actor(), command.expectedVersion());
        // the chosen existing records fill what the lead lacks; what the salesperson entered is never overwritten
        LeadDetails qualifiedDetails = Records.fillEmpty(details, command.fillFrom());
        String contactId = null;
        boolean newContact = false;
        if (command.existingContactId() != null) {
            contactId = command.existingContactId();
        } else if (command.createContact()) {
            contactId = require(command.newContactId(), "newContactId");
            newContact = true;
        }
        String accountId = null;
        boolean newAccount = false;
        if (command.existingAccountId() != null) {
            accountId = command.existingAccountId();
        } else if (command.createAccount() && qualifiedDetails.hasCompany()) {
            // no company, no account (lab exercise 2, task 1)
            accountId = require(command.newAccountId(), "newAccountId");
            newAccount = true;
        }
        String opportunityId =
                command.createOpportunity() ? require(command.newOpportunityId(), "newOpportunityId") : null;
        List<LeadQualified.Stakeholder> connections = new ArrayList<>();
        stakeholders.forEach((contact, role) -> connections.add(new LeadQualified.Stakeholder(contact, role)));
        LeadQualified event = new LeadQualified(
                leadId,
                ownerId,
                contactId,
                newContact,
                accountId,
                newAccount,
                opportunityId,
                qualifiedDetails,
                connections);
        apply(event);
        return event;
    }

    @CommandHandler
    public void handle(DisqualifyLead command) {
        requireChangeable(command.actor(), command.expectedVersion());
        LeadStatusReason reason = command.reason() == null ? LeadStatusReason.LOST : command.reason();
        if (reason.state() != LeadState.DISQUALIFIED) {
            throw DomainException.invalid(
                    "reason", "must be one of LOST, CANNOT_CONTACT, NO_LONGER_INTERESTED, CANCELED");
        }
        Map<String, Long> closed = command.closedOpportunities() == null ? Map.of() : command.closedOpportunities();
        // closed only if closed after the last reopening this lead heard of
        List<String> open = opportunityIds.stream()
                .filter(id -> !closed.containsKey(id) || closed.get(id) <= reopenedAt.getOrDefault(id, 0L))
                .toList();
        if (!open.isEmpty()) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "lead-has-open-opportunity",
                    "Lead " + leadId
                            + " cannot be disqualified while an opportunity made from it is open: close " + open
                            + " as won or lost first",
                    Map.of("openOpportunityIds", open));
        }
        apply(new LeadDisqualified(leadId, reason));
    }

    /**
     * Heard from the opportunity's topic: the lead counts the opportunity open from now on, until a close after this
     * version; a lead disqualified meanwhile is reactivated (the disqualification lost the race with the reopening).
     */
    @CommandHandler
    public void handle(Commands.NoteOpportunityReopened command) {
        if (deleted || reopenedAt.getOrDefault(command.opportunityId(), 0L) >= command.opportunityVersion()) {
            return;
        }
        apply(new LeadOpportunityReopened(leadId, command.opportunityId(), command.opportunityVersion()));
        if (state() == LeadState.DISQUALIFIED) {
            apply(new LeadReactivated(leadId, LeadState.DISQUALIFIED));
        }
    }

    @CommandHandler
    public void handle(ChangeLeadStatusReason command) {
        requireChangeable(command.actor(), command.expectedVersion());
        LeadStatusReason reason = require(command.statusReason(), "statusReason");
        if (reason.state() != LeadState.OPEN) {
            throw DomainException.invalid(
                    "statusReason", "must be NEW or CONTACTED; a lead is closed with /qualify or /disqualify");
        }
        if (reason != statusReason) {
            apply(new LeadStatusReasonChanged(leadId, statusReason, reason));
        }
    }

    @CommandHandler
    public void handle(ReactivateLead command) {
        requireNotDeleted();
        Versions.check(command.expectedVersion());
        command.actor().requireMayChange("lead", leadId, ownerId);
        if (state() == LeadState.OPEN) {
            throw new DomainException(Kind.CONFLICT, "lead-already-open", "Lead " + leadId + " is already open");
        }
        apply(new LeadReactivated(leadId, state()));
    }

    @CommandHandler
    public void handle(AssignLead command) {
        command.actor().requireManager("assign a lead");
        requireChangeable(command.actor(), command.expectedVersion());
        String newOwner = require(command.ownerId(), "ownerId");
        if (!newOwner.equals(ownerId)) {
            apply(new LeadAssigned(leadId, ownerId, newOwner));
        }
    }

    @CommandHandler
    public void handle(AddLeadStakeholder command) {
        requireChangeable(command.actor(), command.expectedVersion());
        String contactId = require(command.contactId(), "contactId");
        if (stakeholders.containsKey(contactId)) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "stakeholder-exists",
                    "Contact " + contactId + " is already a stakeholder of lead " + leadId
                            + "; change its role instead");
        }
        apply(new LeadStakeholderAdded(
                leadId, contactId, command.role() == null ? ConnectionRole.STAKEHOLDER : command.role()));
    }

    @CommandHandler
    public void handle(ChangeLeadStakeholderRole command) {
        requireChangeable(command.actor(), command.expectedVersion());
        ConnectionRole current = requireStakeholder(command.contactId());
        ConnectionRole role = require(command.role(), "role");
        if (current != role) {
            apply(new LeadStakeholderRoleChanged(leadId, command.contactId(), current, role));
        }
    }

    @CommandHandler
    public void handle(RemoveLeadStakeholder command) {
        requireChangeable(command.actor(), command.expectedVersion());
        requireStakeholder(command.contactId());
        apply(new LeadStakeholderRemoved(leadId, command.contactId()));
    }

    private void requireNotDeleted() {
        if (deleted) {
            throw new DomainException(
                    Kind.NOT_FOUND,
                    "lead-deleted",
                    "Lead " + leadId + " was deleted when import " + importId + " was reverted; its history is kept");
        }
    }

    private void requireChangeable(Actor actor, Long expectedVersion) {
        requireNotDeleted();
        Versions.check(expectedVersion);
        actor.requireMayChange("lead", leadId, ownerId);
        if (state() != LeadState.OPEN) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "lead-read-only",
                    "Lead " + leadId + " is " + state() + " (" + statusReason + ") and read-only; reactivate it first",
                    Map.of("state", state().name(), "statusReason", statusReason.name()));
        }
    }

    private ConnectionRole requireStakeholder(String contactId) {
        ConnectionRole role = stakeholders.get(contactId);
        if (role == null) {
            throw new DomainException(
                    Kind.NOT_FOUND,
                    "stakeholder-not-found",
                    "Contact " + contactId + " is not a stakeholder of lead " + leadId);
        }
        return role;
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw DomainException.invalid(field, "must be given");
        }
        return value;
    }

    private LeadState state() {
        return statusReason.state();
    }

    @EventSourcingHandler
    void on(LeadCreated event) {
        leadId = event.leadId();
        ownerId = event.ownerId();
        details = event.details();
        statusReason = LeadStatusReason.NEW;
        importId = event.importId();
    }

    @EventSourcingHandler
    void on(LeadDeleted event) {
        deleted = true;
    }

    @EventSourcingHandler
    void on(LeadUpdated event) {
        details = event.details();
    }

    @EventSourcingHandler
    void on(LeadQualified event) {
        details = event.details();
        statusReason = LeadStatusReason.QUALIFIED;
        if (event.opportunityId() != null) {
            opportunityIds.add(event.opportunityId());
        }
    }

    @EventSourcingHandler
    void on(LeadOpportunityReopened event) {
        opportunityIds.add(event.opportunityId());
        reopenedAt.put(event.opportunityId(), event.opportunityVersion());
    }

    @EventSourcingHandler
    void on(LeadDisqualified event) {
        statusReason = event.reason();
    }

    @EventSourcingHandler
    void on(LeadReactivated event) {
        statusReason = LeadStatusReason.NEW;
    }

    @EventSourcingHandler
    void on(LeadStatusReasonChanged event) {
        statusReason = event.statusReason();
    }

    @EventSourcingHandler
    void on(LeadAssigned event) {
        ownerId = event.ownerId();
    }

    @EventSourcingHandler
    void on(LeadStakeholderAdded event) {
        stakeholders.put(event.contactId(), event.role());
    }

    @EventSourcingHandler
    void on(LeadStakeholderRoleChanged event) {
        stakeholders.put(event.contactId(), event.role());
    }

    @EventSourcingHandler
    void on(LeadStakeholderRemoved event) {
        stakeholders.remove(event.contactId());
    }
}

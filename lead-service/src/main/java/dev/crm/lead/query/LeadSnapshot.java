package dev.crm.lead.query;

import dev.crm.events.v1.lead.LeadAssigned;
import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDeleted;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadDisqualified;
import dev.crm.events.v1.lead.LeadEvent;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.events.v1.lead.LeadReactivated;
import dev.crm.events.v1.lead.LeadStakeholderAdded;
import dev.crm.events.v1.lead.LeadStakeholderRemoved;
import dev.crm.events.v1.lead.LeadStakeholderRoleChanged;
import dev.crm.events.v1.lead.LeadState;
import dev.crm.events.v1.lead.LeadStatusReason;
import dev.crm.events.v1.lead.LeadStatusReasonChanged;
import dev.crm.events.v1.lead.LeadUpdated;
import dev.crm.platform.query.Stakeholder;
import java.time.Instant;
import java.util.List;

/**
 * What a reader sees of a lead. {@link #apply} is a pure fold over the lead's events, used both by the read model
 * (fed from Kafka) and to answer a single lead straight from the event store.
 */
public record LeadSnapshot(
        String id,
        LeadDetails details,
        LeadState state,
        LeadStatusReason statusReason,
        String ownerId,
        List<Stakeholder> stakeholders,
        Qualification qualification,
        String importId,
        boolean deleted,
        Instant createdAt,
        String createdBy,
        Instant modifiedAt,
        String modifiedBy,
        long version) {

    /** The records made from, or chosen for, the lead when it was qualified. */
    public record Qualification(String contactId, String accountId, String opportunityId, Instant qualifiedAt) {}

    public static LeadSnapshot apply(LeadSnapshot s, LeadEvent event, Instant time, String user, long version) {
        if (event instanceof LeadCreated e) {
            return new LeadSnapshot(
                    e.leadId(),
                    e.details(),
                    LeadState.OPEN,
                    LeadStatusReason.NEW,
                    e.ownerId(),
                    List.of(),
                    null,
                    e.importId(),
                    false,
                    time,
                    user,
                    time,
                    user,
                    version);
        }
        if (s == null) {
            throw new IllegalStateException("Lead " + event.leadId() + " has events before LeadCreated");
        }
        LeadSnapshot next = s;
        boolean deleted = s.deleted || event instanceof LeadDeleted;
        if (event instanceof LeadUpdated e) {
            next = s.with(e.details(), s.statusReason, s.ownerId, s.stakeholders, s.qualification);
        } else if (event instanceof LeadQualified e) {
            next = s.with(
                    e.details(),
                    LeadStatusReason.QUALIFIED,
                    s.ownerId,
                    s.stakeholders,
                    new Qualification(e.contactId(), e.accountId(), e.opportunityId(), time));
        } else if (event instanceof LeadDisqualified e) {
            next = s.with(s.details, e.reason(), s.ownerId, s.stakeholders, s.qualification);
        } else if (event instanceof LeadReactivated) {
            next = s.with(s.details, LeadStatusReason.NEW, s.ownerId, s.stakeholders, s.qualification);
        } else if (event instanceof LeadStatusReasonChanged e) {
            next = s.with(s.details, e.statusReason(), s.ownerId, s.stakeholders, s.qualification);
        } else if (event instanceof LeadAssigned e) {
            next = s.with(s.details, s.statusReason, e.ownerId(), s.stakeholders, s.qualification);
        } else if (event instanceof LeadStakeholderAdded e) {
            next = s.with(
                    s.details,
                    s.statusReason,
                    s.ownerId,
                    Stakeholder.with(s.stakeholders, e.contactId(), e.role()),
                    s.qualification);
        } else if (event instanceof LeadStakeholderRoleChanged e) {
            next = s.with(
                    s.details,
                    s.statusReason,
                    s.ownerId,
                    Stakeholder.with(s.stakeholders, e.contactId(), e.role()),
                    s.qualification);
        } else if (event instanceof LeadStakeholderRemoved e) {
            next = s.with(
                    s.details,
                    s.statusReason,
                    s.ownerId,
                    Stakeholder.with(s.stakeholders, e.contactId(), null),
                    s.qualification);
        }
        return new LeadSnapshot(
                next.id,
                next.details,
                next.statusReason.state(),
                next.statusReason,
                next.ownerId,
                next.stakeholders,
                next.qualification,
                s.importId,
                deleted,
                s.createdAt,
                s.createdBy,
                time,
                user,
                version);
    }

    private LeadSnapshot with(
            LeadDetails d, LeadStatusReason reason, String owner, List<Stakeholder> connections, Qualification q) {
        return new LeadSnapshot(
                id,
                d,
                reason.state(),
                reason,
                owner,
                connections,
                q,
                importId,
                deleted,
                createdAt,
                createdBy,
                modifiedAt,
                modifiedBy,
                version);
    }
}

package dev.crm.timeline.query;

import dev.crm.events.v1.CrmEvent;
import dev.crm.events.v1.RecordType;
import dev.crm.events.v1.account.AccountAssigned;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountEvent;
import dev.crm.events.v1.account.AccountUpdated;
import dev.crm.events.v1.activity.ActivityAssigned;
import dev.crm.events.v1.activity.ActivityCreated;
import dev.crm.events.v1.activity.ActivityEvent;
import dev.crm.events.v1.contact.ContactAssigned;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactEvent;
import dev.crm.events.v1.contact.ContactUpdated;
import dev.crm.events.v1.lead.LeadAssigned;
import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDeleted;
import dev.crm.events.v1.lead.LeadDisqualified;
import dev.crm.events.v1.lead.LeadEvent;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.events.v1.lead.LeadReactivated;
import dev.crm.events.v1.lead.LeadState;
import dev.crm.events.v1.lead.LeadUpdated;
import dev.crm.events.v1.note.NoteEvent;
import dev.crm.events.v1.notification.NotificationDismissed;
import dev.crm.events.v1.opportunity.OpportunityAssigned;
import dev.crm.events.v1.opportunity.OpportunityCreated;
import dev.crm.events.v1.opportunity.OpportunityEvent;
import dev.crm.events.v1.opportunity.OpportunityLost;
import dev.crm.events.v1.opportunity.OpportunityReopened;
import dev.crm.events.v1.opportunity.OpportunityState;
import dev.crm.events.v1.opportunity.OpportunityUpdated;
import dev.crm.events.v1.opportunity.OpportunityWon;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.query.Documents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one batch of events changes in the timeline's read models, worked out in memory in the events' order from the
 * rows the batch touches (loaded beforehand in a few queries), then written in one go. A version a row already shows
 * is passed over, so a redelivered or re-published event changes nothing. Every id it writes (timeline lines,
 * notices) is made from the record's id and version, so a rebuild from offset 0 writes the same rows.
 */
final class TimelineChanges {

    /** Another record whose notes and activities show on {@code recordId}'s timeline. */
    record Link(String recordId, String relatedId, RecordType relatedType) {}

    record Dismissal(String notificationId, String userId, Instant dismissedAt) {}

    final Map<String, KnownRecord> records;
    final Map<String, ActivityRow> activities;
    final Map<String, NoteRow> notes;
    /** The lines of activities and notes, by activity or note id. */
    final Map<String, TimelineEntry> itemEntries;

    final List<Object> created = new ArrayList<>();
    final List<Object> removed = new ArrayList<>();
    final Set<Link> links = new LinkedHashSet<>();
    final Map<String, Dismissal> dismissals = new LinkedHashMap<>();

    TimelineChanges(
            Map<String, KnownRecord> records,
            Map<String, ActivityRow> activities,
            Map<String, NoteRow> notes,
            Map<String, TimelineEntry> itemEntries) {
        this.records = records;
        this.activities = activities;
        this.notes = notes;
        this.itemEntries = itemEntries;
    }

    void apply(ConsumedEvent event) {
        CrmEvent payload = event.payload().orElseThrow();
        if (payload instanceof ActivityEvent activity) {
            applyActivity(event, activity);
        } else if (payload instanceof NoteEvent note) {
            applyNote(event, note);
        } else if (payload instanceof NotificationDismissed dismissed) {
            dismissals.putIfAbsent(
                    dismissed.notificationId(),
                    new Dismissal(dismissed.notificationId(), dismissed.userId(), event.time()));
        } else {
            applyRecordEvent(event, payload);
        }
    }

    // --- leads, opportunities, contacts, accounts --------------------------------------------------------------

    private void applyRecordEvent(ConsumedEvent event, CrmEvent payload) {
        String id = event.subject();
        KnownRecord row = records.get(id);
        long version = event.version().orElse(row == null ? 1 : row.version + 1);
        if (row != null && version <= row.version) {
            return;
        }
        RecordType type = typeOf(payload);
        RecordSummary before = row == null ? null : row.summary();
        RecordSummary after = next(before, id, type, payload);
        if (after != null) {
            if (row == null) {
                row = new KnownRecord();
                row.createdAt = event.time();
                records.put(id, row);
                created.add(row);
            }
            row.show(after, version);
        }
        String lineId = id + ":" + version;
        String summary = Summaries.of(payload);
        if (summary != null) {
            String contact = contactOf(payload);
            created.add(line(lineId, type, id, event, summary, contact == null ? null : RecordType.CONTACT, contact));
        }
        linksOf(payload);
        if (payload instanceof LeadQualified e) {
            String topic = e.details().topic();
            if (e.opportunityId() != null) {
                created.add(line(
                        lineId + ":o",
                        RecordType.OPPORTUNITY,
                        e.opportunityId(),
                        event,
                        Summaries.qualifiedInto("opportunity", true, topic),
                        RecordType.LEAD,
                        id));
            }
            if (e.contactId() != null) {
                created.add(line(
                        lineId + ":c",
                        RecordType.CONTACT,
                        e.contactId(),
                        event,
                        Summaries.qualifiedInto("contact", e.newContact(), topic),
                        RecordType.LEAD,
                        id));
            }
            if (e.accountId() != null) {
                created.add(line(
                        lineId + ":a",
                        RecordType.ACCOUNT,
                        e.accountId(),
                        event,
                        Summaries.qualifiedInto("account", e.newAccount(), topic),
                        RecordType.LEAD,
                        id));
            }
        }
        noticesOf(payload, lineId, type, id, event, after != null ? after : before);
    }

    /**
     * The replica's record after {@code payload}. Events come in their record's order (the projection parks what runs
     * ahead), so a change of a record never seen created is a failure, never skipped.
     */
    private static RecordSummary next(RecordSummary s, String id, RecordType type, CrmEvent payload) {
        if (payload instanceof LeadCreated e) {
            return new RecordSummary(id, type, e.details().topic(), e.ownerId(), LeadState.OPEN.name());
        }
        if (payload instanceof OpportunityCreated e) {
            return new RecordSummary(id, type, e.details().name(), e.ownerId(), OpportunityState.OPEN.name());
        }
        if (payload instanceof ContactCreated e) {
            return new RecordSummary(id, type, Summaries.fullName(e.details()), e.ownerId(), "ACTIVE");
        }
        if (payload instanceof AccountCreated e) {
            return new RecordSummary(id, type, e.details().name(), e.ownerId(), "ACTIVE");
        }
        if (s == null) {
            throw new IllegalStateException(
                    type.name().toLowerCase(java.util.Locale.ROOT) + " " + id + " changed before it was created");
        }
        if (payload instanceof LeadUpdated e) {
            return s.named(e.details().topic());
        }
        if (payload instanceof LeadQualified) {
            return s.inState(LeadState.QUALIFIED.name());
        }
        if (payload instanceof LeadDisqualified) {
            return s.inState(LeadState.DISQUALIFIED.name());
        }
        if (payload instanceof LeadReactivated) {
            return s.inState(LeadState.OPEN.name());
        }
        if (payload instanceof LeadDeleted) {
            return s.inState(RecordSummary.DELETED);
        }
        if (payload instanceof OpportunityUpdated e) {
            return s.named(e.details().name());
        }
        if (payload instanceof OpportunityWon) {
            return s.inState(OpportunityState.WON.name());
        }
        if (payload instanceof OpportunityLost) {
            return s.inState(OpportunityState.LOST.name());
        }
        if (payload instanceof OpportunityReopened) {
            return s.inState(OpportunityState.OPEN.name());
        }
        if (payload instanceof ContactUpdated e) {
            return s.named(Summaries.fullName(e.details()));
        }
        if (payload instanceof AccountUpdated e) {
            return s.named(e.details().name());
        }
        String owner = newOwner(payload);
        return owner != null ? s.ownedBy(owner) : s;
    }

    /** The contact a line is about besides its record: a stakeholder, an account's primary contact. */
    private static String contactOf(CrmEvent payload) {
        if (payload instanceof dev.crm.events.v1.account.AccountPrimaryContactChanged e) {
            return e.primaryContactId();
        }
        return StakeholderChange.of(payload).map(StakeholderChange::contactId).orElse(null);
    }

    private static String newOwner(CrmEvent payload) {
        if (payload instanceof LeadAssigned e) {
            return e.ownerId();
        }
        if (payload instanceof OpportunityAssigned e) {
            return e.ownerId();
        }
        if (payload instanceof ContactAssigned e) {
            return e.ownerId();
        }
        if (payload instanceof AccountAssigned e) {
            return e.ownerId();
        }
        if (payload instanceof ActivityAssigned e) {
            return e.ownerId();
        }
        return null;
    }

    private void linksOf(CrmEvent payload) {
        if (payload instanceof LeadQualified e) {
            link(e.opportunityId(), e.leadId(), RecordType.LEAD);
            link(e.contactId(), e.leadId(), RecordType.LEAD);
            link(e.accountId(), e.leadId(), RecordType.LEAD);
            if (e.opportunityId() != null) {
                link(e.contactId(), e.opportunityId(), RecordType.OPPORTUNITY);
                link(e.accountId(), e.opportunityId(), RecordType.OPPORTUNITY);
            }
        } else if (payload instanceof OpportunityCreated e) {
            link(e.opportunityId(), e.originatingLeadId(), RecordType.LEAD);
            link(e.details().accountId(), e.opportunityId(), RecordType.OPPORTUNITY);
            link(e.details().contactId(), e.opportunityId(), RecordType.OPPORTUNITY);
        } else if (payload instanceof OpportunityUpdated e) {
            link(e.details().accountId(), e.opportunityId(), RecordType.OPPORTUNITY);
            link(e.details().contactId(), e.opportunityId(), RecordType.OPPORTUNITY);
        } else if (payload instanceof ContactCreated e) {
            link(e.contactId(), e.originatingLeadId(), RecordType.LEAD);
        } else if (payload instanceof AccountCreated e) {
            link(e.accountId(), e.originatingLeadId(), RecordType.LEAD);
        }
    }

    private void link(String recordId, String relatedId, RecordType relatedType) {
        if (recordId != null && relatedId != null) {
            links.add(new Link(recordId, relatedId, relatedType));
        }
    }

    /**
     * Notices go to the user concerned when someone else acted: a lead they own was qualified, an opportunity they own
     * was won or lost, a record was assigned to them, an activity was created for them.
     */
    private void noticesOf(
            CrmEvent payload, String lineId, RecordType type, String id, ConsumedEvent event, RecordSummary record) {
        String name = record == null ? "" : " " + Summaries.quoted(record.name());
        String by = event.actingUser() == null ? "" : " by " + event.actingUser();
        String kind = type.name().toLowerCase(java.util.Locale.ROOT);
        if (payload instanceof LeadQualified e) {
            notice(
                    lineId,
                    e.ownerId(),
                    "LEAD_QUALIFIED",
                    type,
                    id,
                    event,
                    "Your lead " + Summaries.quoted(e.details().topic()) + " was qualified" + by);
        } else if (payload instanceof OpportunityWon && record != null) {
            notice(
                    lineId,
                    record.ownerId(),
                    "OPPORTUNITY_WON",
                    type,
                    id,
                    event,
                    "Your opportunity" + name + " was won" + by);
        } else if (payload instanceof OpportunityLost && record != null) {
            notice(
                    lineId,
                    record.ownerId(),
                    "OPPORTUNITY_LOST",
                    type,
                    id,
                    event,
                    "Your opportunity" + name + " was lost" + by);
        } else if (newOwner(payload) != null) {
            notice(
                    lineId,
                    newOwner(payload),
                    "ASSIGNED",
                    type,
                    id,
                    event,
                    "The " + kind + name + " was assigned to you" + by);
        } else if (payload instanceof LeadCreated e && e.importId() == null) {
            // an import's leads make no notice each: a manager's import for a salesperson would bury their notices
            notice(lineId, e.ownerId(), "ASSIGNED", type, id, event, "A lead" + name + " was created for you" + by);
        }
    }

    private void notice(
            String lineId,
            String recipient,
            String kind,
            RecordType type,
            String recordId,
            ConsumedEvent event,
            String summary) {
        if (recipient == null || recipient.equals(event.actingUser())) {
            return;
        }
        Notice notice = new Notice();
        notice.id = lineId + ":" + recipient;
        notice.recipientId = recipient;
        notice.kind = kind;
        notice.recordType = type.name();
        notice.recordId = recordId;
        notice.summary = summary;
        notice.occurredAt = event.time();
        notice.actingUser = event.actingUser();
        created.add(notice);
    }

    // --- activities and notes ----------------------------------------------------------------------------------

    private void applyActivity(ConsumedEvent event, ActivityEvent payload) {
        String id = event.subject();
        ActivityRow row = activities.get(id);
        long version = event.version().orElse(row == null ? 1 : row.version + 1);
        if (row != null && version <= row.version) {
            return;
        }
        if (row == null && !(payload instanceof ActivityCreated)) {
            throw new IllegalStateException("activity " + id + " changed before it was created");
        }
        ActivitySnapshot next = ActivitySnapshot.apply(
                row == null ? null : row.snapshot(), payload, event.time(), event.actingUser(), version);
        if (row == null) {
            row = new ActivityRow();
            activities.put(id, row);
            created.add(row);
        }
        row.fill(next);
        TimelineEntry line = itemLine(id);
        line.recordType = next.details().regarding().type().name();
        line.recordId = next.details().regarding().id();
        line.kind = next.type().name();
        line.occurredAt = next.modifiedAt();
        line.actingUser = next.modifiedBy();
        line.summary = Summaries.activity(next);
        line.document = Documents.write(next);
        String lineId = id + ":" + version;
        String by = event.actingUser() == null ? "" : " by " + event.actingUser();
        String what = Summaries.activityNoun(next.type()) + " "
                + Summaries.quoted(next.details().subject());
        if (payload instanceof ActivityCreated e) {
            activityNotice(lineId, e.ownerId(), event, next, what + " was created for you" + by);
        } else if (payload instanceof ActivityAssigned e) {
            activityNotice(lineId, e.ownerId(), event, next, what + " was assigned to you" + by);
        }
    }

    private void activityNotice(
            String lineId, String recipient, ConsumedEvent event, ActivitySnapshot activity, String summary) {
        if (recipient == null || recipient.equals(event.actingUser())) {
            return;
        }
        Notice notice = new Notice();
        notice.id = lineId + ":" + recipient;
        notice.recipientId = recipient;
        notice.kind = "ASSIGNED";
        notice.recordType = "ACTIVITY";
        notice.recordId = activity.id();
        notice.summary = Character.toUpperCase(summary.charAt(0)) + summary.substring(1);
        notice.occurredAt = event.time();
        notice.actingUser = event.actingUser();
        created.add(notice);
    }

    private void applyNote(ConsumedEvent event, NoteEvent payload) {
        String id = event.subject();
        NoteRow row = notes.get(id);
        long version = event.version().orElse(row == null ? 1 : row.version + 1);
        if (row != null && version <= row.version) {
            return;
        }
        NoteSnapshot next = NoteSnapshot.apply(
                row == null ? null : row.snapshot(), payload, event.time(), event.actingUser(), version);
        if (row == null) {
            row = new NoteRow();
            notes.put(id, row);
            created.add(row);
        }
        row.fill(next);
        if (next.deleted()) {
            TimelineEntry line = itemEntries.remove(id);
            if (line != null && !created.remove(line)) {
                removed.add(line);
            }
            return;
        }
        TimelineEntry line = itemLine(id);
        line.recordType = next.regarding().type().name();
        line.recordId = next.regarding().id();
        line.kind = TimelineEntry.NOTE;
        line.occurredAt = next.modifiedAt();
        line.actingUser = next.modifiedBy();
        line.summary = Summaries.note(next);
        line.document = Documents.write(next);
    }

    private TimelineEntry itemLine(String id) {
        TimelineEntry line = itemEntries.get(id);
        if (line == null) {
            line = new TimelineEntry();
            line.id = id;
            itemEntries.put(id, line);
            created.add(line);
        }
        return line;
    }

    private static TimelineEntry line(
            String id,
            RecordType type,
            String recordId,
            ConsumedEvent event,
            String summary,
            RecordType relatedType,
            String relatedId) {
        TimelineEntry line = new TimelineEntry();
        line.id = id;
        line.recordType = type.name();
        line.recordId = recordId;
        line.kind = TimelineEntry.EVENT;
        line.eventType = event.type();
        line.occurredAt = event.time();
        line.actingUser = event.actingUser();
        line.summary = summary;
        line.relatedType = relatedType == null ? null : relatedType.name();
        line.relatedId = relatedId;
        return line;
    }

    static RecordType typeOf(CrmEvent payload) {
        if (payload instanceof LeadEvent) {
            return RecordType.LEAD;
        }
        if (payload instanceof OpportunityEvent) {
            return RecordType.OPPORTUNITY;
        }
        if (payload instanceof ContactEvent) {
            return RecordType.CONTACT;
        }
        if (payload instanceof AccountEvent) {
            return RecordType.ACCOUNT;
        }
        throw new IllegalArgumentException("not an event of a lead, opportunity, contact or account: " + payload);
    }
}

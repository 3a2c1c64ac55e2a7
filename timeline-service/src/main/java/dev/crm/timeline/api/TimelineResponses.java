package dev.crm.timeline.api;

import dev.crm.events.v1.Regarding;
import dev.crm.events.v1.activity.ActivityDetails;
import dev.crm.events.v1.activity.ActivityPriority;
import dev.crm.events.v1.activity.ActivityState;
import dev.crm.events.v1.activity.ActivityStatusReason;
import dev.crm.events.v1.activity.ActivityType;
import dev.crm.events.v1.activity.PhoneCallDirection;
import dev.crm.platform.query.Documents;
import dev.crm.timeline.query.ActivitySnapshot;
import dev.crm.timeline.query.NoteSnapshot;
import dev.crm.timeline.query.NotificationQueries;
import dev.crm.timeline.query.RecordSummary;
import dev.crm.timeline.query.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Response bodies of the timeline-service API. */
public final class TimelineResponses {

    /** A record as shown beside an activity, a note or a line: its name, owner and state when the system knows it. */
    public record RecordRef(String type, String id, String name, String ownerId, String state) {
        static RecordRef of(String type, String id, Map<String, RecordSummary> known) {
            RecordSummary r = known.get(id);
            return r == null
                    ? new RecordRef(type, id, null, null, null)
                    : new RecordRef(type, id, r.name(), r.ownerId(), r.state());
        }

        static RecordRef of(Regarding regarding, Map<String, RecordSummary> known) {
            return of(regarding.type().name(), regarding.id(), known);
        }
    }

    public record Activity(
            String id,
            ActivityType type,
            String subject,
            String description,
            RecordRef regarding,
            String ownerId,
            ActivityPriority priority,
            Instant dueAt,
            Instant startAt,
            Instant endAt,
            String location,
            PhoneCallDirection direction,
            String phoneNumber,
            String from,
            List<String> to,
            List<String> cc,
            ActivityState state,
            ActivityStatusReason statusReason,
            Instant createdAt,
            String createdBy,
            Instant modifiedAt,
            String modifiedBy,
            Instant closedAt,
            String closedBy,
            long version) {
        static Activity of(ActivitySnapshot s, Map<String, RecordSummary> known) {
            ActivityDetails d = s.details();
            return new Activity(
                    s.id(),
                    s.type(),
                    d.subject(),
                    d.description(),
                    RecordRef.of(d.regarding(), known),
                    s.ownerId(),
                    d.priority() == null ? ActivityPriority.NORMAL : d.priority(),
                    d.dueAt(),
                    d.startAt(),
                    d.endAt(),
                    d.location(),
                    s.type() == ActivityType.PHONE_CALL && d.direction() == null
                            ? PhoneCallDirection.OUTGOING
                            : d.direction(),
                    d.phoneNumber(),
                    d.from(),
                    d.to(),
                    d.cc(),
                    s.state(),
                    s.statusReason(),
                    s.createdAt(),
                    s.createdBy(),
                    s.modifiedAt(),
                    s.modifiedBy(),
                    s.closedAt(),
                    s.closedBy(),
                    s.version());
        }
    }

    public record Note(
            String id,
            String authorId,
            RecordRef regarding,
            String title,
            String text,
            Instant createdAt,
            Instant modifiedAt,
            String modifiedBy,
            long version) {
        static Note of(NoteSnapshot s, Map<String, RecordSummary> known) {
            return new Note(
                    s.id(),
                    s.authorId(),
                    RecordRef.of(s.regarding(), known),
                    s.title(),
                    s.text(),
                    s.createdAt(),
                    s.modifiedAt(),
                    s.modifiedBy(),
                    s.version());
        }
    }

    /**
     * A line of a timeline. {@code record}: the record it belongs to (the timeline's own, or a linked one such as the
     * lead an opportunity came from); {@code related}: another record it names; {@code activity} or {@code note}
     * for those kinds.
     */
    public record TimelineItem(
            String id,
            String kind,
            String eventType,
            Instant time,
            String actingUser,
            String summary,
            RecordRef record,
            RecordRef related,
            Activity activity,
            Note note) {
        static TimelineItem of(TimelineEntry e, Map<String, RecordSummary> known) {
            Activity activity = null;
            Note note = null;
            if (TimelineEntry.NOTE.equals(e.kind)) {
                note = Note.of(Documents.read(e.document, NoteSnapshot.class, e.id), known);
            } else if (!TimelineEntry.EVENT.equals(e.kind)) {
                activity = Activity.of(Documents.read(e.document, ActivitySnapshot.class, e.id), known);
            }
            RecordRef related = e.relatedId == null ? null : RecordRef.of(e.relatedType, e.relatedId, known);
            return new TimelineItem(
                    e.id,
                    e.kind,
                    e.eventType,
                    e.occurredAt,
                    e.actingUser,
                    e.summary,
                    RecordRef.of(e.recordType, e.recordId, known),
                    related,
                    activity,
                    note);
        }
    }

    /**
     * One notification: a due activity ({@code DUE_TODAY}, {@code OVERDUE}, with the activity) or a notice
     * ({@code LEAD_QUALIFIED}, {@code OPPORTUNITY_WON}, {@code OPPORTUNITY_LOST}, {@code ASSIGNED}). {@code record}:
     * what it is about (for a due activity, the record the activity is about).
     */
    public record Notification(
            String id,
            String kind,
            Instant time,
            String summary,
            RecordRef record,
            String actingUser,
            boolean dismissible,
            Activity activity) {
        static Notification of(NotificationQueries.Item item, Map<String, RecordSummary> known) {
            boolean due = item.activity() != null;
            RecordRef record = RecordRef.of(item.recordType(), item.recordId(), known);
            String summary = due
                    ? (item.kind().equals("OVERDUE") ? "Overdue: " : "Due today: ")
                            + item.activity().details().subject()
                    : item.summary();
            return new Notification(
                    item.id(),
                    item.kind(),
                    item.time(),
                    summary,
                    record,
                    item.actingUser(),
                    !due,
                    due ? Activity.of(item.activity(), known) : null);
        }
    }

    private TimelineResponses() {}
}

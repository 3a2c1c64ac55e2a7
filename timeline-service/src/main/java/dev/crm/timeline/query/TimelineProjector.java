package dev.crm.timeline.query;

import dev.crm.events.v1.CrmEvent;
import dev.crm.events.v1.activity.ActivityEvent;
import dev.crm.events.v1.note.NoteEvent;
import dev.crm.events.v1.notification.NotificationDismissed;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.Projections;
import dev.crm.platform.query.ProjectionProgress;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Feeds every read model of the timeline from every topic, one transaction per batch: the replica of records, the
 * links between them, activities, notes, timeline lines, notices and dismissals. One channel, so that each record's
 * events are applied in their order (the owner a notice goes to is the owner at that event, also in a rebuild).
 */
@ApplicationScoped
public class TimelineProjector {

    public static final String CHANNEL = "timeline";

    @Inject
    Projections projections;

    @Inject
    ProjectionProgress progress;

    @Incoming(CHANNEL)
    public Uni<Void> project(KafkaRecordBatch<String, byte[]> batch) {
        return projections.apply(
                CHANNEL,
                batch,
                List.of(CrmEvent.class),
                Projections.ReadModel.of(TimelineProjector::apply, TimelineProjector::forget),
                progress::reached);
    }

    /**
     * What the timeline holds about these records (leads, opportunities, contacts, accounts, activities, notes): their
     * replica rows, their own lines and the lines their events wrote on related records, their notices. A repair writes
     * them again from the first event, with the same ids; links and dismissals stay (they are added, never changed).
     */
    static Uni<Void> forget(Set<String> ids) {
        List<String> statements = List.of(
                "delete from record_replica where id in (:ids)",
                "delete from activity_view where id in (:ids)",
                "delete from note_view where id in (:ids)",
                "delete from timeline_entry where id in (:ids)",
                "delete from timeline_entry where kind = 'EVENT' and record_id in (:ids)",
                // the lines a lead's qualification wrote on the records made from it
                "delete from timeline_entry where kind = 'EVENT' and related_id in (:ids)"
                        + " and split_part(id, ':', 1) in (:ids)",
                "delete from notice where split_part(id, ':', 1) in (:ids)");
        return Panache.getSession()
                .chain(session -> Multi.createFrom()
                        .iterable(statements)
                        .onItem()
                        .transformToUniAndConcatenate(sql -> session.createNativeQuery(sql)
                                .setParameter("ids", ids)
                                .executeUpdate())
                        .collect()
                        .last())
                .replaceWithVoid();
    }

    static Uni<Void> apply(List<ConsumedEvent> events) {
        Set<String> recordIds = new LinkedHashSet<>();
        Set<String> activityIds = new LinkedHashSet<>();
        Set<String> noteIds = new LinkedHashSet<>();
        for (ConsumedEvent event : events) {
            CrmEvent payload = event.payload().orElseThrow();
            if (payload instanceof ActivityEvent) {
                activityIds.add(event.subject());
            } else if (payload instanceof NoteEvent) {
                noteIds.add(event.subject());
            } else if (!(payload instanceof NotificationDismissed)) {
                recordIds.add(event.subject());
            }
        }
        Set<String> itemIds = new LinkedHashSet<>(activityIds);
        itemIds.addAll(noteIds);
        return Panache.getSession()
                .chain(session -> load(session, KnownRecord.class, recordIds, r -> r.id)
                        .chain(records -> load(session, ActivityRow.class, activityIds, r -> r.id)
                                .chain(activities -> load(session, NoteRow.class, noteIds, r -> r.id)
                                        .chain(notes -> load(session, TimelineEntry.class, itemIds, r -> r.id)
                                                .chain(entries -> {
                                                    TimelineChanges changes =
                                                            new TimelineChanges(records, activities, notes, entries);
                                                    events.forEach(changes::apply);
                                                    return write(session, changes);
                                                })))));
    }

    private static <T> Uni<Map<String, T>> load(
            Mutiny.Session session, Class<T> type, Set<String> ids, Function<T, String> id) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return session.createSelectionQuery("from " + type.getSimpleName() + " where id in :ids", type)
                .setParameter("ids", ids)
                .getResultList()
                .map(rows -> {
                    Map<String, T> byId = new HashMap<>();
                    rows.forEach(row -> byId.put(id.apply(row), row));
                    return byId;
                });
    }

    private static Uni<Void> write(Mutiny.Session session, TimelineChanges changes) {
        // grouped by table, so that the inserts go in JDBC batches (a change of table ends a batch)
        Object[] created = changes.created.stream()
                .sorted(java.util.Comparator.comparing(row -> row.getClass().getName()))
                .toArray();
        Uni<Void> written = created.length == 0 ? Uni.createFrom().voidItem() : session.persistAll(created);
        if (!changes.removed.isEmpty()) {
            written = written.chain(() -> session.removeAll(changes.removed.toArray()));
        }
        if (!changes.links.isEmpty()) {
            written = written.chain(() -> insert(
                    session,
                    "record_link (record_id, related_id, related_type)",
                    changes.links.stream()
                            .map(l -> List.<Object>of(
                                    l.recordId(), l.relatedId(), l.relatedType().name()))
                            .toList()));
        }
        if (!changes.dismissals.isEmpty()) {
            written = written.chain(() -> insert(
                    session,
                    "notice_dismissal (notification_id, user_id, dismissed_at)",
                    changes.dismissals.values().stream()
                            .map(d -> List.<Object>of(d.notificationId(), d.userId(), d.dismissedAt()))
                            .toList()));
        }
        return written.chain(session::flush);
    }

    /** One multi-row insert that leaves rows already there alone. */
    private static Uni<Void> insert(Mutiny.Session session, String table, List<List<Object>> rows) {
        StringBuilder sql = new StringBuilder("insert into ").append(table).append(" values ");
        int parameter = 1;
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "(" : ", (");
            for (int j = 0; j < rows.get(i).size(); j++) {
                sql.append(j == 0 ? "" : ", ").append('?').append(parameter++);
            }
            sql.append(')');
        }
        sql.append(" on conflict do nothing");
        Mutiny.MutationQuery query = session.createNativeQuery(sql.toString());
        parameter = 1;
        for (List<Object> row : rows) {
            for (Object value : row) {
                query.setParameter(parameter++, value);
            }
        }
        return query.executeUpdate().replaceWithVoid();
    }
}

package dev.crm.platform.messaging;

import static dev.crm.platform.query.NativeValues.bytes;
import static dev.crm.platform.query.NativeValues.instant;

import dev.crm.platform.messaging.StreamSequence.Item;
import dev.crm.platform.messaging.StreamSequence.Plan;
import dev.crm.platform.messaging.StreamSequence.Position;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes where each read model stands in each record's stream ({@code crm_stream_position}) and the events
 * it holds back ({@code crm_parked_event}), in the reactive session's transaction of the read model's change: one
 * query for the batch's positions, one for the parked events of the records that have some, one statement per kind of
 * change.
 */
@ApplicationScoped
public class StreamPositions {

    private volatile @Nullable Instant since;

    Uni<Map<String, Position>> positions(Mutiny.Session session, String group, Set<String> subjects) {
        return session.createNativeQuery(
                        "select subject, version, parked from crm_stream_position"
                                + " where consumer_group = :group and subject in (:subjects)",
                        Object[].class)
                .setParameter("group", group)
                .setParameter("subjects", subjects)
                .getResultList()
                .map(rows -> {
                    Map<String, Position> positions = new HashMap<>();
                    for (Object[] row : rows) {
                        positions.put(
                                (String) row[0],
                                new Position(((Number) row[1]).longValue(), ((Number) row[2]).intValue()));
                    }
                    return positions;
                });
    }

    Uni<Map<String, List<Item>>> parked(Mutiny.Session session, String group, Collection<String> subjects) {
        if (subjects.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return session.createNativeQuery(
                        "select subject, version, event_id, event_type, occurred_at, acting_user,"
                                + " acting_role, correlation_id, topic, partition_no, record_offset, payload from crm_parked_event"
                                + " where consumer_group = :group and subject in (:subjects) order by subject, version",
                        Object[].class)
                .setParameter("group", group)
                .setParameter("subjects", subjects)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new Item(
                                ConsumedEvent.restored(
                                        (String) row[2],
                                        (String) row[3],
                                        (String) row[0],
                                        ((Number) row[1]).longValue() - 1,
                                        instant(row[4]),
                                        (String) row[5],
                                        (String) row[6],
                                        (String) row[7],
                                        bytes(row[11]),
                                        (String) row[8],
                                        ((Number) row[9]).intValue(),
                                        ((Number) row[10]).longValue()),
                                row[11] != null))
                        .collect(Collectors.groupingBy(Item::subject)));
    }

    /** Since when events are strictly in order (see {@code crm_stream_sequencing}); read once. */
    Uni<Instant> since(Mutiny.Session session) {
        Instant known = since;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return session.createNativeQuery("select min(since) from crm_stream_sequencing", Object.class)
                .getSingleResultOrNull()
                .map(value -> {
                    Instant read = value == null ? Instant.MIN : instant(value);
                    since = read;
                    return read;
                });
    }

    /** Stores the plan's positions and parked events: forgotten records' parked events go first. */
    Uni<Void> save(Mutiny.Session session, String group, Plan plan) {
        Uni<Void> saved = Uni.createFrom().voidItem();
        if (!plan.forget.isEmpty()) {
            saved = saved.chain(() -> session.createNativeQuery(
                            "delete from crm_parked_event where consumer_group = :group and subject in (:subjects)")
                    .setParameter("group", group)
                    .setParameter("subjects", plan.forget)
                    .executeUpdate()
                    .replaceWithVoid());
        }
        if (!plan.released.isEmpty()) {
            saved = saved.chain(() -> rows(
                    session,
                    "delete from crm_parked_event where (consumer_group, subject, version) in (",
                    ")",
                    group,
                    plan.released,
                    item -> List.of(item.subject(), item.version())));
        }
        if (!plan.park.isEmpty()) {
            saved = saved.chain(() -> rows(
                    session,
                    "insert into crm_parked_event (consumer_group, subject, version,"
                            + " event_id, event_type, occurred_at, acting_user, acting_role, correlation_id, topic, partition_no,"
                            + " record_offset, payload) values ",
                    " on conflict do nothing",
                    group,
                    plan.park,
                    item -> {
                        ConsumedEvent e = item.event();
                        return java.util.Arrays.asList(
                                e.subject(),
                                item.version(),
                                e.id(),
                                e.type(),
                                e.time().atOffset(java.time.ZoneOffset.UTC),
                                e.actingUser(),
                                e.actingRole(),
                                e.correlationId(),
                                e.topic(),
                                e.partition(),
                                e.offset(),
                                item.used() ? e.value() : null);
                    }));
        }
        if (!plan.positions.isEmpty()) {
            saved = saved.chain(() -> rows(
                    session,
                    "insert into crm_stream_position (consumer_group, subject, version," + " parked) values ",
                    " on conflict (consumer_group, subject)"
                            + " do update set version = excluded.version, parked = excluded.parked",
                    group,
                    new ArrayList<>(plan.positions.entrySet()),
                    entry -> List.of(
                            entry.getKey(),
                            entry.getValue().version(),
                            entry.getValue().parked())));
        }
        return saved;
    }

    /**
     * One statement for many rows: {@code head}, then a tuple per row with the group first, then {@code tail}. Null
     * values are bound as SQL null of the column's type (the tuple's position tells which).
     */
    private static <T> Uni<Void> rows(
            Mutiny.Session session,
            String head,
            String tail,
            String group,
            List<T> items,
            java.util.function.Function<T, List<Object>> values) {
        StringBuilder sql = new StringBuilder(head);
        List<Object> parameters = new ArrayList<>();
        parameters.add(group);
        for (int i = 0; i < items.size(); i++) {
            List<Object> row = values.apply(items.get(i));
            sql.append(i == 0 ? "(?1" : ", (?1");
            for (Object value : row) {
                parameters.add(value);
                sql.append(", ?").append(parameters.size());
            }
            sql.append(')');
        }
        sql.append(tail);
        Mutiny.MutationQuery statement = session.createNativeQuery(sql.toString());
        for (int i = 0; i < parameters.size(); i++) {
            statement.setParameter(i + 1, parameters.get(i));
        }
        return statement.executeUpdate().replaceWithVoid();
    }
}

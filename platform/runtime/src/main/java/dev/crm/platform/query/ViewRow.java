package dev.crm.platform.query;

import dev.crm.platform.messaging.ConsumedEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * A read-model row of one aggregate: the columns every view filters and sorts on, its own columns in the subclass, and
 * the whole snapshot as JSON in {@code document}. Projections move it forward with {@link #project}.
 *
 * @param <S> the snapshot record the row stores
 */
@MappedSuperclass
public abstract class ViewRow<S> extends PanacheEntityBase {

    private static final Logger LOG = Logger.getLogger(ViewRow.class);

    @Id
    public String id;

    @Column(name = "owner_id")
    public String ownerId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "modified_at")
    public Instant modifiedAt;

    public long version;

    @Column(name = "search_text")
    public String searchText;

    public String document;

    protected abstract Class<S> snapshotType();

    public S snapshot() {
        return Documents.read(document, snapshotType(), id);
    }

    /** Sets the common columns and the document; a subclass's {@link #fill} sets its own columns and calls this. */
    protected void store(
            S snapshot, String rowId, String owner, Instant created, Instant modified, long rowVersion, String text) {
        id = rowId;
        ownerId = owner;
        createdAt = created;
        modifiedAt = modified;
        version = rowVersion;
        searchText = text;
        document = Documents.write(snapshot);
    }

    /** Stores the snapshot: the subclass's columns, then {@link #store}. */
    public abstract void fill(S snapshot);

    /** One step of a read model: the snapshot after {@code event}, which brings the aggregate to {@code version}. */
    @FunctionalInterface
    public interface Fold<S> {
        S apply(@Nullable S current, ConsumedEvent event, long version);
    }

    /**
     * Applies {@code events} in order to the rows of their aggregates (in the current reactive session). The projection
     * gives each record's versions in order; a version the row already shows is skipped all the same. An event without a version (a producer
     * that sends no {@code sequence}) is taken as the next one: the inbox has already dropped a redelivery of it.
     * The batch's rows are read in one query and the new ones inserted together (JDBC batches), not one round trip
     * to the database per event.
     */
    public static <S, R extends ViewRow<S>> Uni<Void> project(
            Class<R> rowType, Supplier<R> newRow, List<ConsumedEvent> events, Fold<S> fold) {
        Set<String> ids = new LinkedHashSet<>();
        events.forEach(event -> ids.add(event.subject()));
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "from " + rowType.getSimpleName() + " where id in :ids", rowType)
                        .setParameter("ids", ids)
                        .getResultList()
                        .chain(rows -> {
                            Map<String, R> byId = new HashMap<>();
                            rows.forEach(row -> byId.put(row.id, row));
                            List<R> created = new ArrayList<>();
                            for (ConsumedEvent event : events) {
                                R fresh = step(byId.get(event.subject()), newRow, event, fold);
                                if (fresh != null) {
                                    byId.put(fresh.id, fresh);
                                    created.add(fresh);
                                }
                            }
                            return created.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : session.persistAll(created.toArray());
                        }));
    }

    private static <S, R extends ViewRow<S>> @Nullable R step(
            @Nullable R row, Supplier<R> newRow, ConsumedEvent event, Fold<S> fold) {
        long version = event.version().orElse(row == null ? 1 : row.version + 1);
        if (row != null && version <= row.version) {
            return null;
        }
        if (row != null && version != row.version + 1) {
            // the projection gives each record's versions in order; a jump is a row from before positions were kept
            LOG.warnf(
                    "%s %s jumps from version %d to %d", row.getClass().getSimpleName(), row.id, row.version, version);
        }
        S updated = fold.apply(row == null ? null : row.snapshot(), event, version);
        if (row != null) {
            row.fill(updated);
            return null;
        }
        R created = newRow.get();
        created.fill(updated);
        return created;
    }

    /** Deletes the rows of these records (a repair gives the read model their events again). */
    public static Uni<Void> forget(Class<? extends ViewRow<?>> rowType, Set<String> ids) {
        return Panache.getSession()
                .chain(session -> session.createMutationQuery(
                                "delete from " + rowType.getSimpleName() + " where id in :ids")
                        .setParameter("ids", ids)
                        .executeUpdate())
                .replaceWithVoid();
    }
}

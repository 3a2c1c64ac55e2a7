package dev.crm.platform.query;

import dev.crm.platform.messaging.ConsumedEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A row of a service's replica of another service's records: the record as JSON, the columns duplicate look-ups
 * use, and the version it shows.
 *
 * @param <T> the replicated record
 */
@MappedSuperclass
public abstract class ReplicaRow<T> extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "created_at")
    public Instant createdAt;

    public long version;
    public String document;

    protected abstract Class<T> recordType();

    /** Sets the look-up columns from the record (id, version and document are set here). */
    protected abstract void index(T record);

    public T record() {
        return Documents.read(document, recordType(), id);
    }

    protected void fill(String recordId, T record, long newVersion) {
        id = recordId;
        index(record);
        version = newVersion;
        document = Documents.write(record);
    }

    /**
     * Applies one event to the replica: a creation inserts the row unless it exists; a change moves the row to the
     * event's version ({@code change} gives the record after it); a version the row already shows changes nothing.
     * Events come in their record's order (the projection parks what runs ahead), so a change to a row that does not
     * exist is a failure, never skipped.
     */
    public static <T, R extends ReplicaRow<T>> Uni<Void> apply(
            Class<R> rowType, Supplier<R> newRow, String id, ConsumedEvent event, T created, UnaryOperator<T> change) {
        return Panache.getSession()
                .chain(session -> session.find(rowType, id).chain(row -> {
                    if (created != null) {
                        if (row != null) {
                            return Uni.createFrom().voidItem();
                        }
                        R fresh = newRow.get();
                        fresh.fill(id, created, event.version().orElse(1));
                        fresh.createdAt = event.time();
                        return session.persist(fresh);
                    }
                    if (row == null) {
                        return Uni.createFrom()
                                .failure(new IllegalStateException(rowType.getSimpleName() + " " + id
                                        + " has no row for " + event.type() + " (version " + event.version() + ")"));
                    }
                    long version = event.version().orElse(row.version + 1);
                    if (version > row.version) {
                        row.fill(id, change.apply(row.record()), version);
                    }
                    return Uni.createFrom().voidItem();
                }));
    }

    /** Deletes the rows of these records (a repair gives the replica their events again). */
    public static Uni<Void> forget(Class<? extends ReplicaRow<?>> rowType, java.util.Set<String> ids) {
        return Panache.getSession()
                .chain(session -> session.createMutationQuery(
                                "delete from " + rowType.getSimpleName() + " where id in :ids")
                        .setParameter("ids", ids)
                        .executeUpdate())
                .replaceWithVoid();
    }
}

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
     * Applies one event to the replica: a creation inserts the row unless it exists; a change moves an existing row
     * to the next version ({@code change} gives the record after it). A change to a row not created here yet (the
     * replica started late) or a version the row already shows is skipped.
     */
    public static <T, R extends ReplicaRow<T>> Uni<Void> apply(Class<R> rowType, Supplier<R> newRow, String id,
                                                        ConsumedEvent event, T created, UnaryOperator<T> change) {
        return Panache.getSession().chain(session -> session.find(rowType, id).chain(row -> {
            if (created != null) {
                if (row != null) {
                    return Uni.createFrom().voidItem();
                }
                R fresh = newRow.get();
                fresh.fill(id, created, event.version().orElse(1));
                fresh.createdAt = event.time();
                return session.persist(fresh);
            }
            long version = event.version().orElse(row == null ? 0 : row.version + 1);
            if (row != null && version > row.version) {
                row.fill(id, change.apply(row.record()), version);
            }
            return Uni.createFrom().voidItem();
        }));
    }
}

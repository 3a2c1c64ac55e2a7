package dev.crm.platform.query;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

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
    protected void store(S snapshot, String rowId, String owner, Instant created, Instant modified, long rowVersion,
                         String text) {
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

    /**
     * Applies the event of {@code eventVersion} to the aggregate's row ({@code row} null: none yet). A version the row
     * already shows is skipped, so a re-published event changes nothing.
     */
    public static <S, R extends ViewRow<S>> void project(R row, Supplier<R> newRow, long eventVersion,
                                                         UnaryOperator<S> next) {
        if (row != null && eventVersion <= row.version) {
            return;
        }
        if (row != null && eventVersion != row.version + 1) {
            // a missing event (not a redelivery): the row moves on, but it deserves an operator's look
            LOG.warnf("%s %s jumps from version %d to %d", row.getClass().getSimpleName(), row.id, row.version, eventVersion);
        }
        S updated = next.apply(row == null ? null : row.snapshot());
        if (row == null) {
            R created = newRow.get();
            created.fill(updated);
            created.persist();
        } else {
            row.fill(updated);
        }
    }
}

package dev.crm.timeline.query;

import dev.crm.platform.query.ReplicaRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code record_replica}: a record activities and notes may be about. */
@Entity
@Table(name = "record_replica")
public class KnownRecord extends ReplicaRow<RecordSummary> {

    public String kind;
    public String name;

    @Column(name = "owner_id")
    public String ownerId;

    public String state;

    @Override
    protected Class<RecordSummary> recordType() {
        return RecordSummary.class;
    }

    @Override
    protected void index(RecordSummary record) {
        kind = record.type().name();
        name = record.name();
        ownerId = record.ownerId();
        state = record.state();
    }

    public RecordSummary summary() {
        return record();
    }

    void show(RecordSummary summary, long newVersion) {
        fill(summary.id(), summary, newVersion);
    }
}

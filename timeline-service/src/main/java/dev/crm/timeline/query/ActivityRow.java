package dev.crm.timeline.query;

import dev.crm.platform.query.Documents;
import dev.crm.platform.query.ViewRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code activity_view}. */
@Entity
@Table(name = "activity_view")
public class ActivityRow extends ViewRow<ActivitySnapshot> {

    public String type;
    public String state;

    @Column(name = "status_reason")
    public String statusReason;

    public String subject;
    public String priority;

    @Column(name = "regarding_type")
    public String regardingType;

    @Column(name = "regarding_id")
    public String regardingId;

    @Column(name = "due_at")
    public Instant dueAt;

    @Override
    protected Class<ActivitySnapshot> snapshotType() {
        return ActivitySnapshot.class;
    }

    @Override
    public void fill(ActivitySnapshot s) {
        type = s.type().name();
        state = s.state().name();
        statusReason = s.statusReason().name();
        subject = s.details().subject();
        priority =
                s.details().priority() == null ? null : s.details().priority().name();
        regardingType = s.details().regarding().type().name();
        regardingId = s.details().regarding().id();
        dueAt = s.details().due();
        store(
                s,
                s.id(),
                s.ownerId(),
                s.createdAt(),
                s.modifiedAt(),
                s.version(),
                Documents.searchText(s.details().subject(), s.details().description()));
    }
}

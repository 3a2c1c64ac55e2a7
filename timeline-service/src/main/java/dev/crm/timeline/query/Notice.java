package dev.crm.timeline.query;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A notice for one user, such as "a lead you own was qualified"; its id is the same after a rebuild. */
@Entity
@Table(name = "notice")
public class Notice extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "recipient_id")
    public String recipientId;

    public String kind;

    @Column(name = "record_type")
    public String recordType;

    @Column(name = "record_id")
    public String recordId;

    public String summary;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "acting_user")
    public String actingUser;
}

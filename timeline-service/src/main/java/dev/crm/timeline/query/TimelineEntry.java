package dev.crm.timeline.query;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One line of a record's timeline: a business event ({@code kind} EVENT, with its {@code eventType}), an activity
 * (its type as kind) or a note (NOTE); {@code document} holds the activity's or the note's snapshot.
 * {@code related}: another record the line names (a stakeholder, the lead a record was qualified from).
 */
@Entity
@Table(name = "timeline_entry")
public class TimelineEntry extends PanacheEntityBase {

    public static final String EVENT = "EVENT";
    public static final String NOTE = "NOTE";

    @Id
    public String id;

    @Column(name = "record_type")
    public String recordType;

    @Column(name = "record_id")
    public String recordId;

    public String kind;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "acting_user")
    public String actingUser;

    public String summary;

    @Column(name = "related_type")
    public String relatedType;

    @Column(name = "related_id")
    public String relatedId;

    public String document;
}

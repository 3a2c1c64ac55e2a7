package dev.crm.lead.query;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An import as the API reads it (the importing worker writes it: {@code importing.ImportStore}). */
@Entity
@Table(name = "lead_import")
public class LeadImportRow extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "owner_id")
    public String ownerId;

    @Column(name = "file_name")
    public String fileName;

    public String format;

    @Column(name = "duplicate_policy")
    public String duplicatePolicy;

    @Column(name = "lead_source")
    public String leadSource;

    public String state;

    @Column(name = "file_size")
    public long fileSize;

    public double progress;

    @Column(name = "rows_read")
    public int rowsRead;

    @Column(name = "rows_created")
    public int rowsCreated;

    @Column(name = "rows_skipped")
    public int rowsSkipped;

    @Column(name = "rows_invalid")
    public int rowsInvalid;

    @Column(name = "leads_reverted")
    public int leadsReverted;

    @Column(name = "leads_kept")
    public int leadsKept;

    public String failure;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "reverted_at")
    public Instant revertedAt;
}

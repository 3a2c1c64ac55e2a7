package dev.crm.lead.query;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One per-row outcome of an import other than "created": INVALID, DUPLICATE, or KEPT by a revert. */
@Entity
@Table(name = "lead_import_issue")
@IdClass(LeadImportIssueRow.Key.class)
public class LeadImportIssueRow extends PanacheEntityBase {

    @Id
    @Column(name = "import_id")
    public String importId;

    @Id
    public int seq;

    @Column(name = "row_number")
    public Integer rowNumber;

    public String kind;
    public String field;
    public String reason;

    @Column(name = "lead_id")
    public String leadId;

    public static class Key implements Serializable {
        public String importId;
        public int seq;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(importId, k.importId) && seq == k.seq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(importId, seq);
        }
    }
}

package dev.crm.lead.query;

import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.platform.query.Documents;
import dev.crm.platform.query.ViewRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** The lead read model: columns to filter and sort on, plus the whole snapshot as JSON. */
@Entity
@Table(name = "lead_view")
public class LeadRow extends ViewRow<LeadSnapshot> {

    public String topic;

    @Column(name = "first_name")
    public String firstName;

    @Column(name = "last_name")
    public String lastName;

    @Column(name = "company_name")
    public String companyName;

    public String email;
    public String state;

    @Column(name = "status_reason")
    public String statusReason;

    public String rating;

    @Column(name = "lead_source")
    public String leadSource;

    @Column(name = "estimated_value")
    public BigDecimal estimatedValue;

    @Column(name = "import_id")
    public String importId;
    /** A reverted import's lead: kept (its version guards against redelivery) but in no list. */
    public boolean deleted;

    @Override
    protected Class<LeadSnapshot> snapshotType() {
        return LeadSnapshot.class;
    }

    @Override
    public void fill(LeadSnapshot s) {
        LeadDetails d = s.details();
        topic = d.topic();
        firstName = d.firstName();
        lastName = d.lastName();
        companyName = d.companyName();
        email = d.email();
        state = s.state().name();
        statusReason = s.statusReason().name();
        rating = d.rating() == null ? null : d.rating().name();
        leadSource = d.leadSource() == null ? null : d.leadSource().name();
        estimatedValue = d.estimatedValue() == null ? null : d.estimatedValue().amount();
        importId = s.importId();
        deleted = s.deleted();
        store(
                s,
                s.id(),
                s.ownerId(),
                s.createdAt(),
                s.modifiedAt(),
                s.version(),
                Documents.searchText(
                        d.topic(),
                        d.firstName(),
                        d.lastName(),
                        d.companyName(),
                        d.email(),
                        d.jobTitle(),
                        d.businessPhone(),
                        d.mobilePhone(),
                        d.address() == null ? null : d.address().city()));
    }
}

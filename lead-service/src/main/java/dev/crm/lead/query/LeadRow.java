package dev.crm.lead.query;

import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.platform.query.Documents;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;

/** The lead read model: columns to filter and sort on, plus the whole snapshot as JSON. */
@Entity
@Table(name = "lead_view")
public class LeadRow extends PanacheEntityBase {

    @Id
    public String id;
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
    @Column(name = "owner_id")
    public String ownerId;
    public String rating;
    @Column(name = "lead_source")
    public String leadSource;
    @Column(name = "estimated_value")
    public BigDecimal estimatedValue;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "modified_at")
    public Instant modifiedAt;
    public long version;
    @Column(name = "search_text")
    public String searchText;
    public String document;

    public LeadSnapshot snapshot() {
        return Documents.read(document, LeadSnapshot.class, id);
    }

    public void fill(LeadSnapshot s) {
        LeadDetails d = s.details();
        id = s.id();
        topic = d.topic();
        firstName = d.firstName();
        lastName = d.lastName();
        companyName = d.companyName();
        email = d.email();
        state = s.state().name();
        statusReason = s.statusReason().name();
        ownerId = s.ownerId();
        rating = d.rating() == null ? null : d.rating().name();
        leadSource = d.leadSource() == null ? null : d.leadSource().name();
        estimatedValue = d.estimatedValue() == null ? null : d.estimatedValue().amount();
        createdAt = s.createdAt();
        modifiedAt = s.modifiedAt();
        version = s.version();
        searchText = Documents.searchText(d.topic(), d.firstName(), d.lastName(), d.companyName(), d.email(),
                d.jobTitle(), d.businessPhone(), d.mobilePhone(), d.address() == null ? null : d.address().city());
        document = Documents.write(s);
    }
}

package dev.crm.contactaccount.query;

import dev.crm.events.v1.account.AccountDetails;
import dev.crm.platform.domain.Names;
import dev.crm.platform.query.Documents;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The account read model: columns to filter, sort and match duplicates on, plus the whole snapshot as JSON. */
@Entity
@Table(name = "account_view")
public class AccountRow extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    @Column(name = "company_key")
    public String companyKey;
    public String industry;
    @Column(name = "primary_contact_id")
    public String primaryContactId;
    @Column(name = "originating_lead_id")
    public String originatingLeadId;
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

    public AccountSnapshot snapshot() {
        return Documents.read(document, AccountSnapshot.class, id);
    }

    public void fill(AccountSnapshot s) {
        AccountDetails d = s.details();
        id = s.id();
        name = d.name();
        companyKey = Names.companyKey(d.name());
        industry = d.industry();
        primaryContactId = s.primaryContactId();
        originatingLeadId = s.originatingLeadId();
        ownerId = s.ownerId();
        createdAt = s.createdAt();
        modifiedAt = s.modifiedAt();
        version = s.version();
        searchText = Documents.searchText(d.name(), d.website(), d.phone(), d.industry(),
                d.address() == null ? null : d.address().city());
        document = Documents.write(s);
    }
}

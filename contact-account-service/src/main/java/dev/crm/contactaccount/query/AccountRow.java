package dev.crm.contactaccount.query;

import dev.crm.events.v1.account.AccountDetails;
import dev.crm.platform.domain.Names;
import dev.crm.platform.query.Documents;
import dev.crm.platform.query.ViewRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The account read model: columns to filter, sort and match duplicates on, plus the whole snapshot as JSON. */
@Entity
@Table(name = "account_view")
public class AccountRow extends ViewRow<AccountSnapshot> {

    public String name;

    @Column(name = "company_key")
    public String companyKey;

    public String industry;

    @Column(name = "primary_contact_id")
    public String primaryContactId;

    @Column(name = "originating_lead_id")
    public String originatingLeadId;

    @Override
    protected Class<AccountSnapshot> snapshotType() {
        return AccountSnapshot.class;
    }

    @Override
    public void fill(AccountSnapshot s) {
        AccountDetails d = s.details();
        name = d.name();
        companyKey = Names.companyKey(d.name());
        industry = d.industry();
        primaryContactId = s.primaryContactId();
        originatingLeadId = s.originatingLeadId();
        store(
                s,
                s.id(),
                s.ownerId(),
                s.createdAt(),
                s.modifiedAt(),
                s.version(),
                Documents.searchText(
                        d.name(),
                        d.website(),
                        d.phone(),
                        d.industry(),
                        d.address() == null ? null : d.address().city()));
    }
}

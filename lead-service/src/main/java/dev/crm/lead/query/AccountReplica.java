package dev.crm.lead.query;

import dev.crm.events.v1.account.AccountDetails;
import dev.crm.platform.domain.Names;
import dev.crm.platform.query.ReplicaRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** What lead-service knows of an account: enough to spot duplicates and to fill a lead's empty fields. */
@Entity
@Table(name = "account_replica")
public class AccountReplica extends ReplicaRow<AccountReplica.Account> {

    public record Account(String id, AccountDetails details) {
    }

    @Column(name = "company_key")
    public String companyKey;

    @Override
    protected Class<Account> recordType() {
        return Account.class;
    }

    @Override
    protected void index(Account account) {
        companyKey = Names.companyKey(account.details().name());
    }

    public Account account() {
        return record();
    }
}

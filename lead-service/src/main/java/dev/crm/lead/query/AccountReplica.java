package dev.crm.lead.query;

import dev.crm.events.v1.account.AccountDetails;
import dev.crm.platform.domain.Names;
import dev.crm.platform.query.Documents;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What lead-service knows of an account: enough to spot duplicates and to fill a lead's empty fields. */
@Entity
@Table(name = "account_replica")
public class AccountReplica extends PanacheEntityBase {

    public record Account(String id, AccountDetails details) {
    }

    @Id
    public String id;
    @Column(name = "company_key")
    public String companyKey;
    @Column(name = "created_at")
    public java.time.Instant createdAt;
    public long version;
    public String document;

    public Account account() {
        return Documents.read(document, Account.class, id);
    }

    void fill(Account account, long newVersion) {
        id = account.id();
        companyKey = Names.companyKey(account.details().name());
        version = newVersion;
        document = Documents.write(account);
    }
}

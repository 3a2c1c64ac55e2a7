package dev.crm.lead.query;

import dev.crm.events.v1.account.AccountAssigned;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.account.AccountEvent;
import dev.crm.events.v1.account.AccountPrimaryContactChanged;
import dev.crm.events.v1.account.AccountUpdated;
import dev.crm.platform.domain.Names;
import dev.crm.platform.query.ReplicaRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * What lead-service knows of an account: enough to spot duplicates, to fill a lead's empty fields, and to tell a
 * qualifier which of the account's fields they may not fill (its owner, its primary contact).
 */
@Entity
@Table(name = "account_replica")
public class AccountReplica extends ReplicaRow<AccountReplica.Account> {

    /** {@code ownerId} is null in a row written before owners were replicated, until the account's next event. */
    public record Account(String id, AccountDetails details, String primaryContactId, String ownerId) {

        /** The account after {@code event}; {@code current} is null before its creation (then only a creation counts). */
        public static Account after(Account current, AccountEvent event) {
            if (event instanceof AccountCreated e) {
                return new Account(e.accountId(), e.details(), e.primaryContactId(), e.ownerId());
            }
            if (current == null) {
                return null;
            }
            if (event instanceof AccountUpdated e) {
                return new Account(current.id(), e.details(), current.primaryContactId(), current.ownerId());
            }
            if (event instanceof AccountPrimaryContactChanged e) {
                return new Account(current.id(), current.details(), e.primaryContactId(), current.ownerId());
            }
            if (event instanceof AccountAssigned e) {
                return new Account(current.id(), current.details(), current.primaryContactId(), e.ownerId());
            }
            return current;
        }
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

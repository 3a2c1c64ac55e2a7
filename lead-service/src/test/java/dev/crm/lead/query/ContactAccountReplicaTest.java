package dev.crm.lead.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crm.events.v1.account.AccountAssigned;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.account.AccountPrimaryContactChanged;
import dev.crm.events.v1.account.AccountUpdated;
import dev.crm.events.v1.contact.ContactAssigned;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.contact.ContactLinkedToAccount;
import dev.crm.events.v1.contact.ContactUnlinkedFromAccount;
import dev.crm.events.v1.contact.ContactUpdated;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The folds of lead-service's contact and account replicas. */
class ContactAccountReplicaTest {

    private static final ContactDetails JANE = new ContactDetails("Jane", "Doe", null, null, null, null, null, null);
    private static final ContactDetails JANE_BUYER =
            new ContactDetails("Jane", "Doe", "Buyer", null, null, null, null, null);
    private static final AccountDetails ACME = new AccountDetails("Acme", null, null, null, null, null);

    @Test
    void aContactKeepsItsDetailsAccountAndOwnerThroughItsEvents() {
        ContactReplica.Contact c =
                ContactReplica.Contact.after(null, new ContactCreated("c", "alice", JANE, null, "l"));
        assertThat(c).isEqualTo(new ContactReplica.Contact("c", JANE, null, "alice"));

        c = ContactReplica.Contact.after(c, new ContactUpdated("c", List.of("jobTitle"), JANE_BUYER, null));
        c = ContactReplica.Contact.after(c, new ContactLinkedToAccount("c", "a", null));
        assertThat(c).isEqualTo(new ContactReplica.Contact("c", JANE_BUYER, "a", "alice"));

        c = ContactReplica.Contact.after(c, new ContactAssigned("c", "alice", "bob"));
        c = ContactReplica.Contact.after(c, new ContactUnlinkedFromAccount("c", "a"));
        assertThat(c).isEqualTo(new ContactReplica.Contact("c", JANE_BUYER, null, "bob"));
    }

    @Test
    void aChangeBeforeTheCreationIsNothing() {
        assertThat(ContactReplica.Contact.after(null, new ContactAssigned("c", "alice", "bob")))
                .isNull();
        assertThat(AccountReplica.Account.after(null, new AccountAssigned("a", "alice", "bob")))
                .isNull();
    }

    @Test
    void anAccountKeepsItsDetailsPrimaryContactAndOwnerThroughItsEvents() {
        AccountReplica.Account a =
                AccountReplica.Account.after(null, new AccountCreated("a", "alice", ACME, "c", null));
        assertThat(a).isEqualTo(new AccountReplica.Account("a", ACME, "c", "alice"));

        AccountDetails renamed = new AccountDetails("Acme SA", null, null, null, null, null);
        a = AccountReplica.Account.after(a, new AccountUpdated("a", List.of("name"), renamed, null));
        a = AccountReplica.Account.after(a, new AccountPrimaryContactChanged("a", null, "c"));
        a = AccountReplica.Account.after(a, new AccountAssigned("a", "alice", "bob"));
        assertThat(a).isEqualTo(new AccountReplica.Account("a", renamed, null, "bob"));
    }
}

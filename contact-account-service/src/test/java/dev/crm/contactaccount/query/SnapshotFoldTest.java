package dev.crm.contactaccount.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crm.events.v1.account.AccountAssigned;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.account.AccountEvent;
import dev.crm.events.v1.account.AccountUpdated;
import dev.crm.events.v1.contact.ContactAssigned;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.contact.ContactEvent;
import dev.crm.events.v1.contact.ContactLinkedToAccount;
import dev.crm.events.v1.contact.ContactUpdated;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The folds of contact_view and account_view: each event in order, from the creation. */
class SnapshotFoldTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    private static ContactDetails person(String first, String last) {
        return new ContactDetails(first, last, null, null, null, null, null, null);
    }

    private static AccountDetails company(String name) {
        return new AccountDetails(name, null, null, null, null, null);
    }

    private static ContactSnapshot contact(List<ContactEvent> events) {
        ContactSnapshot snapshot = null;
        for (int i = 0; i < events.size(); i++) {
            snapshot = ContactSnapshot.apply(snapshot, events.get(i), T0.plusSeconds(i), "alice", i + 1);
        }
        return snapshot;
    }

    private static AccountSnapshot account(List<AccountEvent> events) {
        AccountSnapshot snapshot = null;
        for (int i = 0; i < events.size(); i++) {
            snapshot = AccountSnapshot.apply(snapshot, events.get(i), T0.plusSeconds(i), "alice", i + 1);
        }
        return snapshot;
    }

    @Test
    void aContactsEventsInOrderGiveTheContactAsItStands() {
        ContactSnapshot c = contact(List.of(
                new ContactCreated("c-1", "alice", person("Jo", "Doe"), null, "l-1"),
                new ContactUpdated("c-1", List.of("firstName"), person("Joan", "Doe"), null),
                new ContactLinkedToAccount("c-1", "a-1", null),
                new ContactAssigned("c-1", "alice", "bob")));

        assertThat(c.details().firstName()).isEqualTo("Joan");
        assertThat(c.parentAccountId()).isEqualTo("a-1");
        assertThat(c.ownerId()).isEqualTo("bob");
        assertThat(c.originatingLeadId()).isEqualTo("l-1");
        assertThat(c.version()).isEqualTo(4);
        assertThat(contact(List.of(new ContactCreated("c-1", "alice", person("Jo", "Doe"), null, "l-1"))))
                .isEqualTo(contact(List.of(new ContactCreated("c-1", "alice", person("Jo", "Doe"), null, "l-1"))));
    }

    @Test
    void anAccountsEventsInOrderGiveTheAccountAsItStands() {
        AccountSnapshot a = account(List.of(
                new AccountCreated("a-1", "alice", company("Doe Inc."), null, null),
                new AccountUpdated("a-1", List.of("name"), company("Doe Incorporated"), null),
                new AccountAssigned("a-1", "alice", "bob")));

        assertThat(a.details().name()).isEqualTo("Doe Incorporated");
        assertThat(a.ownerId()).isEqualTo("bob");
        assertThat(a.version()).isEqualTo(3);
    }

    @Test
    void aChangeBeforeTheCreationFailsInsteadOfBeingSkipped() {
        assertThatThrownBy(
                        () -> ContactSnapshot.apply(null, new ContactAssigned("c-1", "alice", "bob"), T0, "alice", 2))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(
                        () -> AccountSnapshot.apply(null, new AccountAssigned("a-1", "alice", "bob"), T0, "alice", 2))
                .isInstanceOf(RuntimeException.class);
    }
}

package dev.crm.lead.query;

import dev.crm.events.v1.Topics;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountEvent;
import dev.crm.events.v1.account.AccountUpdated;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactEvent;
import dev.crm.events.v1.contact.ContactLinkedToAccount;
import dev.crm.events.v1.contact.ContactUnlinkedFromAccount;
import dev.crm.events.v1.contact.ContactUpdated;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.EventConsumer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/** Keeps {@code contact_replica} and {@code account_replica} from contact-account-service's topics. */
@ApplicationScoped
public class ContactAccountReplicator implements EventConsumer {

    public static final String GROUP = "lead-service-replica";

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.CONTACT, Topics.ACCOUNT);
    }

    @Override
    public void handle(ConsumedEvent event) {
        event.payloadAs(ContactEvent.class).ifPresent(e -> contact(e, event.version()));
        event.payloadAs(AccountEvent.class).ifPresent(e -> account(e, event.version()));
    }

    private static void contact(ContactEvent event, long version) {
        ContactReplica row = ContactReplica.findById(event.contactId());
        if (event instanceof ContactCreated created) {
            if (row == null) {
                row = new ContactReplica();
                row.fill(new ContactReplica.Contact(created.contactId(), created.details(), created.parentAccountId()), version);
                row.persist();
            }
            return;
        }
        if (row == null || version <= row.version) {
            return; // not created here yet (replica started late: the creation comes first on the partition), or seen
        }
        ContactReplica.Contact current = row.contact();
        ContactReplica.Contact next = current;
        if (event instanceof ContactUpdated e) {
            next = new ContactReplica.Contact(current.id(), e.details(), current.parentAccountId());
        } else if (event instanceof ContactLinkedToAccount e) {
            next = new ContactReplica.Contact(current.id(), current.details(), e.accountId());
        } else if (event instanceof ContactUnlinkedFromAccount) {
            next = new ContactReplica.Contact(current.id(), current.details(), null);
        }
        row.fill(next, version);
    }

    private static void account(AccountEvent event, long version) {
        AccountReplica row = AccountReplica.findById(event.accountId());
        if (event instanceof AccountCreated created) {
            if (row == null) {
                row = new AccountReplica();
                row.fill(new AccountReplica.Account(created.accountId(), created.details()), version);
                row.persist();
            }
            return;
        }
        if (row == null || version <= row.version) {
            return;
        }
        AccountReplica.Account next = row.account();
        if (event instanceof AccountUpdated e) {
            next = new AccountReplica.Account(next.id(), e.details());
        }
        row.fill(next, version);
    }
}

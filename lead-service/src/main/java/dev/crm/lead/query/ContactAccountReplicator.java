package dev.crm.lead.query;

import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountEvent;
import dev.crm.events.v1.account.AccountUpdated;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactEvent;
import dev.crm.events.v1.contact.ContactLinkedToAccount;
import dev.crm.events.v1.contact.ContactUnlinkedFromAccount;
import dev.crm.events.v1.contact.ContactUpdated;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.Projections;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;

/** Keeps {@code contact_replica} and {@code account_replica} from contact-account-service's topics. */
@ApplicationScoped
public class ContactAccountReplicator {

    public static final String CHANNEL = "contact-account-replica";

    @Inject
    Projections projections;

    @Incoming(CHANNEL)
    public Uni<Void> replicate(KafkaRecordBatch<String, byte[]> batch) {
        return projections.apply(CHANNEL, batch, event -> event.payloadAs(ContactEvent.class).isPresent()
                || event.payloadAs(AccountEvent.class).isPresent(), this::apply, applied -> { });
    }

    private Uni<Void> apply(List<ConsumedEvent> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> event.payloadAs(ContactEvent.class)
                        .map(contact -> contact(contact, event))
                        .orElseGet(() -> account(event.payloadAs(AccountEvent.class).orElseThrow(), event)))
                .collect().last().replaceWithVoid();
    }

    private static Uni<Void> contact(ContactEvent event, ConsumedEvent consumed) {
        return Panache.getSession().chain(session -> session.find(ContactReplica.class, event.contactId()).chain(row -> {
            if (event instanceof ContactCreated created) {
                if (row != null) {
                    return Uni.createFrom().voidItem();
                }
                ContactReplica fresh = new ContactReplica();
                fresh.fill(new ContactReplica.Contact(created.contactId(), created.details(), created.parentAccountId()),
                        consumed.version().orElse(1));
                fresh.createdAt = consumed.time();
                return session.persist(fresh);
            }
            long version = consumed.version().orElse(row == null ? 0 : row.version + 1);
            if (row == null || version <= row.version) {
                // not created here yet (replica started late: the creation comes first on the partition), or seen
                return Uni.createFrom().voidItem();
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
            return Uni.createFrom().voidItem();
        }));
    }

    private static Uni<Void> account(AccountEvent event, ConsumedEvent consumed) {
        return Panache.getSession().chain(session -> session.find(AccountReplica.class, event.accountId()).chain(row -> {
            if (event instanceof AccountCreated created) {
                if (row != null) {
                    return Uni.createFrom().voidItem();
                }
                AccountReplica fresh = new AccountReplica();
                fresh.fill(new AccountReplica.Account(created.accountId(), created.details()), consumed.version().orElse(1));
                fresh.createdAt = consumed.time();
                return session.persist(fresh);
            }
            long version = consumed.version().orElse(row == null ? 0 : row.version + 1);
            if (row == null || version <= row.version) {
                return Uni.createFrom().voidItem();
            }
            AccountReplica.Account next = row.account();
            if (event instanceof AccountUpdated e) {
                next = new AccountReplica.Account(next.id(), e.details());
            }
            row.fill(next, version);
            return Uni.createFrom().voidItem();
        }));
    }
}

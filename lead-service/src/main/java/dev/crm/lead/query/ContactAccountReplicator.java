package dev.crm.lead.query;

import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountEvent;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactEvent;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.Projections;
import dev.crm.platform.query.ReplicaRow;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps {@code contact_replica} and {@code account_replica} from contact-account-service's topics. */
@ApplicationScoped
public class ContactAccountReplicator {

    public static final String CHANNEL = "contact-account-replica";

    @Inject
    Projections projections;

    @Incoming(CHANNEL)
    public Uni<Void> replicate(KafkaRecordBatch<String, byte[]> batch) {
        return projections.apply(
                CHANNEL,
                batch,
                List.of(ContactEvent.class, AccountEvent.class),
                Projections.ReadModel.of(
                        Projections.each(ContactAccountReplicator::apply),
                        ids -> ReplicaRow.forget(ContactReplica.class, ids)
                                .chain(() -> ReplicaRow.forget(AccountReplica.class, ids))),
                applied -> {});
    }

    private static Uni<Void> apply(ConsumedEvent event) {
        return event.payloadAs(ContactEvent.class)
                .map(contact -> contact(contact, event))
                .orElseGet(() -> account(event.payloadAs(AccountEvent.class).orElseThrow(), event));
    }

    private static Uni<Void> contact(ContactEvent event, ConsumedEvent consumed) {
        ContactReplica.Contact created =
                event instanceof ContactCreated ? ContactReplica.Contact.after(null, event) : null;
        return ReplicaRow.apply(
                ContactReplica.class,
                ContactReplica::new,
                event.contactId(),
                consumed,
                created,
                current -> ContactReplica.Contact.after(current, event));
    }

    private static Uni<Void> account(AccountEvent event, ConsumedEvent consumed) {
        AccountReplica.Account created =
                event instanceof AccountCreated ? AccountReplica.Account.after(null, event) : null;
        return ReplicaRow.apply(
                AccountReplica.class,
                AccountReplica::new,
                event.accountId(),
                consumed,
                created,
                current -> AccountReplica.Account.after(current, event));
    }
}

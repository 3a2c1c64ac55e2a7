package dev.crm.opportunity.query;

import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.account.AccountUpdated;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.contact.ContactUpdated;
import dev.crm.opportunity.query.CustomerReplica.Customer;
import dev.crm.opportunity.query.CustomerReplica.Kind;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.Projections;
import dev.crm.platform.query.ReplicaRow;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps {@code customer_replica} from contact-account-service's topics: creations and renames. */
@ApplicationScoped
public class CustomerReplicator {

    public static final String CHANNEL = "customer-replica";
    private static final List<Class<?>> WANTED =
            List.of(ContactCreated.class, ContactUpdated.class, AccountCreated.class, AccountUpdated.class);

    @Inject
    Projections projections;

    @Incoming(CHANNEL)
    public Uni<Void> replicate(KafkaRecordBatch<String, byte[]> batch) {
        return projections.apply(
                CHANNEL,
                batch,
                WANTED,
                Projections.ReadModel.of(
                        Projections.each(CustomerReplicator::apply),
                        ids -> ReplicaRow.forget(CustomerReplica.class, ids)),
                applied -> {});
    }

    private static Uni<Void> apply(ConsumedEvent event) {
        Customer customer = customer(event);
        Object payload = event.payload().orElseThrow();
        boolean created = payload instanceof ContactCreated || payload instanceof AccountCreated;
        return ReplicaRow.apply(
                CustomerReplica.class,
                CustomerReplica::new,
                customer.id(),
                event,
                created ? customer : null,
                current -> customer);
    }

    private static Customer customer(ConsumedEvent event) {
        Object payload = event.payload().orElseThrow();
        if (payload instanceof ContactCreated e) {
            return new Customer(e.contactId(), Kind.CONTACT, name(e.details()));
        }
        if (payload instanceof ContactUpdated e) {
            return new Customer(e.contactId(), Kind.CONTACT, name(e.details()));
        }
        if (payload instanceof AccountCreated e) {
            return new Customer(e.accountId(), Kind.ACCOUNT, name(e.details()));
        }
        AccountUpdated e = (AccountUpdated) payload;
        return new Customer(e.accountId(), Kind.ACCOUNT, name(e.details()));
    }

    private static String name(ContactDetails d) {
        return d.firstName() == null ? d.lastName() : d.firstName() + " " + d.lastName();
    }

    private static String name(AccountDetails d) {
        return d.name();
    }
}

package dev.crm.contactaccount.query;

import dev.crm.events.v1.account.AccountEvent;
import dev.crm.events.v1.contact.ContactEvent;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.Projections;
import dev.crm.platform.query.ProjectionProgress;
import dev.crm.platform.query.ViewRow;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds {@code contact_view} and {@code account_view} from this service's own topics. */
@ApplicationScoped
public class ContactAccountProjector {

    public static final String CHANNEL = "contact-account-views";

    @Inject
    Projections projections;

    @Inject
    ProjectionProgress progress;

    @Incoming(CHANNEL)
    public Uni<Void> project(KafkaRecordBatch<String, byte[]> batch) {
        return projections.apply(
                CHANNEL,
                batch,
                List.of(ContactEvent.class, AccountEvent.class),
                Projections.ReadModel.of(
                        this::apply,
                        ids -> ViewRow.forget(ContactRow.class, ids)
                                .chain(() -> ViewRow.forget(AccountRow.class, ids))),
                progress::reached);
    }

    private Uni<Void> apply(List<ConsumedEvent> events) {
        List<ConsumedEvent> contacts = events.stream()
                .filter(e -> e.payloadAs(ContactEvent.class).isPresent())
                .toList();
        List<ConsumedEvent> accounts = events.stream()
                .filter(e -> e.payloadAs(AccountEvent.class).isPresent())
                .toList();
        return ViewRow.project(
                        ContactRow.class,
                        ContactRow::new,
                        contacts,
                        (current, event, version) -> ContactSnapshot.apply(
                                current,
                                event.payloadAs(ContactEvent.class).orElseThrow(),
                                event.time(),
                                event.actingUser(),
                                version))
                .chain(() -> ViewRow.project(
                        AccountRow.class,
                        AccountRow::new,
                        accounts,
                        (current, event, version) -> AccountSnapshot.apply(
                                current,
                                event.payloadAs(AccountEvent.class).orElseThrow(),
                                event.time(),
                                event.actingUser(),
                                version)));
    }
}

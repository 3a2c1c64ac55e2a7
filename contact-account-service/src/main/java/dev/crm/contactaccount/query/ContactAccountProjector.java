package dev.crm.contactaccount.query;

import dev.crm.events.v1.Topics;
import dev.crm.events.v1.account.AccountEvent;
import dev.crm.events.v1.contact.ContactEvent;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.EventConsumer;
import dev.crm.platform.query.ProjectionProgress;
import dev.crm.platform.query.ViewRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;

/** Feeds {@code contact_view} and {@code account_view} from this service's own topics. */
@ApplicationScoped
public class ContactAccountProjector implements EventConsumer {

    public static final String GROUP = "contact-account-service-views";

    @Inject
    ProjectionProgress progress;

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
        event.payloadAs(ContactEvent.class).ifPresent(contact -> ViewRow.project(
                ContactRow.<ContactRow>findById(event.subject()), ContactRow::new, event.version(),
                current -> ContactSnapshot.apply(current, contact, event.time(), event.actingUser(), event.version())));
        event.payloadAs(AccountEvent.class).ifPresent(account -> ViewRow.project(
                AccountRow.<AccountRow>findById(event.subject()), AccountRow::new, event.version(),
                current -> AccountSnapshot.apply(current, account, event.time(), event.actingUser(), event.version())));
    }

    @Override
    public void afterCommit(List<ConsumedEvent> events) {
        for (ConsumedEvent event : events) {
            progress.reached(event.subject(), event.version());
        }
    }
}

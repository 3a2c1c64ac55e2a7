package dev.crm.lead.query;

import dev.crm.events.v1.Topics;
import dev.crm.events.v1.lead.LeadEvent;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.EventConsumer;
import dev.crm.platform.query.ProjectionProgress;
import dev.crm.platform.query.ViewRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;

/** Feeds {@code lead_view} from this service's own topic. */
@ApplicationScoped
public class LeadProjector implements EventConsumer {

    @Inject
    ProjectionProgress progress;

    @Override
    public String group() {
        return "lead-service";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.LEAD);
    }

    @Override
    public void handle(ConsumedEvent event) {
        event.payloadAs(LeadEvent.class).ifPresent(lead -> ViewRow.project(
                LeadRow.<LeadRow>findById(event.subject()), LeadRow::new, event.version(),
                current -> LeadSnapshot.apply(current, lead, event.time(), event.actingUser(), event.version())));
    }

    @Override
    public void afterCommit(List<ConsumedEvent> events) {
        for (ConsumedEvent event : events) {
            progress.reached(event.subject(), event.version());
        }
    }
}

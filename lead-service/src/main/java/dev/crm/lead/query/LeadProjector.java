package dev.crm.lead.query;

import dev.crm.events.v1.Topics;
import dev.crm.events.v1.lead.LeadEvent;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.EventConsumer;
import dev.crm.platform.query.ProjectionProgress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;

/** Feeds {@code lead_view} from this service's own topic. */
@ApplicationScoped
public class LeadProjector implements EventConsumer {

    private static final Logger LOG = Logger.getLogger(LeadProjector.class);

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
        event.payloadAs(LeadEvent.class).ifPresent(lead -> {
            LeadRow row = LeadRow.findById(event.subject());
            LeadSnapshot current = row == null ? null : row.snapshot();
            if (current != null && event.version() <= current.version()) {
                return; // re-published event already reflected
            }
            if (current != null && event.version() != current.version() + 1) {
                LOG.warnf("Lead %s jumps from version %d to %d", event.subject(), current.version(), event.version());
            }
            LeadSnapshot next = LeadSnapshot.apply(current, lead, event.time(), event.actingUser(), event.version());
            if (row == null) {
                row = new LeadRow();
                row.fill(next);
                row.persist();
            } else {
                row.fill(next);
            }
        });
    }

    @Override
    public void afterCommit(List<ConsumedEvent> events) {
        for (ConsumedEvent event : events) {
            progress.reached(event.subject(), event.version());
        }
    }
}

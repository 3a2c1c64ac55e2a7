package dev.crm.lead.query;

import dev.crm.events.v1.lead.LeadEvent;
import dev.crm.platform.messaging.Projections;
import dev.crm.platform.query.ProjectionProgress;
import dev.crm.platform.query.ViewRow;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds {@code lead_view} from this service's own topic. */
@ApplicationScoped
public class LeadProjector {

    public static final String CHANNEL = "lead-view";

    @Inject
    Projections projections;

    @Inject
    ProjectionProgress progress;

    @Incoming(CHANNEL)
    public Uni<Void> project(KafkaRecordBatch<String, byte[]> batch) {
        return projections.apply(
                CHANNEL,
                batch,
                java.util.List.of(LeadEvent.class),
                Projections.ReadModel.of(
                        events -> ViewRow.project(
                                LeadRow.class,
                                LeadRow::new,
                                events,
                                (current, event, version) -> LeadSnapshot.apply(
                                        current,
                                        event.payloadAs(LeadEvent.class).orElseThrow(),
                                        event.time(),
                                        event.actingUser(),
                                        version)),
                        ids -> ViewRow.forget(LeadRow.class, ids)),
                progress::reached);
    }
}

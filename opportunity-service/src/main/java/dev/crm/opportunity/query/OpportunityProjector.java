package dev.crm.opportunity.query;

import dev.crm.events.v1.opportunity.OpportunityEvent;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.Projections;
import dev.crm.platform.query.ProjectionProgress;
import dev.crm.platform.query.ViewRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds {@code opportunity_view} and the pipeline's history ({@code pipeline_fact}) from this service's own topic, in
 * one transaction per batch: the history moves exactly when the view does, so a re-published event changes neither.
 */
@ApplicationScoped
public class OpportunityProjector {

    public static final String CHANNEL = "opportunity-views";

    @Inject
    Projections projections;

    @Inject
    ProjectionProgress progress;

    @Incoming(CHANNEL)
    public Uni<Void> project(KafkaRecordBatch<String, byte[]> batch) {
        return projections.apply(
                CHANNEL,
                batch,
                List.of(OpportunityEvent.class),
                Projections.ReadModel.of(this::apply, OpportunityProjector::forget),
                progress::reached);
    }

    /** The opportunities' rows and their pipeline history: a repair writes both again from the first event. */
    private static Uni<Void> forget(java.util.Set<String> ids) {
        return ViewRow.forget(OpportunityRow.class, ids)
                .chain(() -> Panache.getSession())
                .chain(session -> session.createNativeQuery("delete from pipeline_fact where opportunity_id in (:ids)")
                        .setParameter("ids", ids)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Void> apply(List<ConsumedEvent> events) {
        List<PipelineHistory.Change> changes = new ArrayList<>();
        return ViewRow.project(OpportunityRow.class, OpportunityRow::new, events, (current, event, version) -> {
                    OpportunitySnapshot next = OpportunitySnapshot.apply(
                            current,
                            event.payloadAs(OpportunityEvent.class).orElseThrow(),
                            event.time(),
                            event.actingUser(),
                            version);
                    changes.add(new PipelineHistory.Change(
                            next.id(),
                            version,
                            event.time(),
                            PipelineHistory.Facts.of(current),
                            PipelineHistory.Facts.of(next)));
                    return next;
                })
                .chain(() -> Panache.getSession())
                .chain(session -> Multi.createFrom()
                        .iterable(changes)
                        .onItem()
                        .transformToUniAndConcatenate(change -> PipelineHistory.record(session, change))
                        .collect()
                        .last())
                .replaceWithVoid();
    }
}

package dev.crm.lead.query;

import dev.crm.events.v1.opportunity.OpportunityCreated;
import dev.crm.events.v1.opportunity.OpportunityLost;
import dev.crm.events.v1.opportunity.OpportunityReopened;
import dev.crm.events.v1.opportunity.OpportunityState;
import dev.crm.events.v1.opportunity.OpportunityWon;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.Projections;
import dev.crm.platform.query.ReadModels;
import dev.crm.platform.query.ReplicaRow;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps {@code opportunity_replica} from opportunity-service's topic: made from which lead, open or closed. */
@ApplicationScoped
public class OpportunityReplicator {

    public static final String CHANNEL = "opportunity-replica";
    private static final List<Class<?>> WANTED =
            List.of(OpportunityCreated.class, OpportunityWon.class, OpportunityLost.class, OpportunityReopened.class);

    @Inject
    Projections projections;

    @Incoming(CHANNEL)
    public Uni<Void> replicate(KafkaRecordBatch<String, byte[]> batch) {
        return projections.apply(
                CHANNEL,
                batch,
                WANTED,
                Projections.ReadModel.of(
                        Projections.each(OpportunityReplicator::apply),
                        ids -> ReplicaRow.forget(OpportunityReplica.class, ids)),
                applied -> {});
    }

    private static Uni<Void> apply(ConsumedEvent event) {
        Object payload = event.payload().orElseThrow();
        OpportunityReplica.Opportunity created = payload instanceof OpportunityCreated e
                ? new OpportunityReplica.Opportunity(e.opportunityId(), e.originatingLeadId(), OpportunityState.OPEN)
                : null;
        OpportunityState state = payload instanceof OpportunityWon
                ? OpportunityState.WON
                : payload instanceof OpportunityLost ? OpportunityState.LOST : OpportunityState.OPEN;
        return ReplicaRow.apply(
                OpportunityReplica.class,
                OpportunityReplica::new,
                event.subject(),
                event,
                created,
                current -> new OpportunityReplica.Opportunity(current.id(), current.originatingLeadId(), state));
    }

    /** The opportunities made from {@code leadId} that are won or lost, with the version that closed each. */
    public Uni<Map<String, Long>> closedOpportunitiesOf(String leadId) {
        return ReadModels.session(() -> OpportunityReplica.<OpportunityReplica>list(
                        "originatingLeadId = ?1 and state <> 'OPEN'", leadId))
                .map(rows -> rows.stream().collect(Collectors.toMap(row -> row.id, row -> row.version)));
    }
}

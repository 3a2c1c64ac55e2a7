package dev.crm.lead.messaging;

import dev.crm.events.v1.opportunity.OpportunityReopened;
import dev.crm.lead.domain.Commands;
import dev.crm.platform.axon.CommandSender;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.Reactions;
import dev.crm.platform.query.EventHistory;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A reopened opportunity tells the lead it was made from, in the lead's own stream: from then on the lead refuses to
 * be disqualified until it hears the opportunity closed again, and a lead disqualified while the opportunity was being
 * reopened is reactivated. So "a lead with an open opportunity cannot be disqualified" holds when the two race: every
 * disqualification and every reopening the lead hears of are decided one after the other by the lead aggregate.
 */
@ApplicationScoped
public class OpportunityReopeningReaction {

    public static final String CHANNEL = "opportunity-reopenings";

    @Inject
    Reactions reactions;

    @Inject
    CommandGateway gateway;

    @Inject
    EventHistory history;

    @Incoming(CHANNEL)
    public Uni<Void> onOpportunityEvents(KafkaRecordBatch<String, byte[]> batch) {
        return reactions.apply(
                CHANNEL,
                batch,
                OpportunityReopened.class,
                event -> react(event.payloadAs(OpportunityReopened.class).orElseThrow(), event));
    }

    private void react(OpportunityReopened reopened, ConsumedEvent event) {
        String leadId = reopened.originatingLeadId();
        // an opportunity made without a lead, or a lead this service does not hold: nothing to keep
        if (leadId == null || !history.exists("Lead", leadId)) {
            return;
        }
        CommandSender.send(
                gateway,
                new Commands.NoteOpportunityReopened(
                        leadId, reopened.opportunityId(), event.version().orElse(0), event.actor()),
                event.actor(),
                event.correlationId());
    }
}

package dev.crm.opportunity.messaging;

import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.opportunity.domain.LeadConversion;
import dev.crm.opportunity.domain.OpportunityCommands.CreateOpportunity;
import dev.crm.platform.axon.CommandSender;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.Reactions;
import dev.crm.platform.query.EventHistory;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Qualifying a lead creates its opportunity with the id lead-service chose. Runs in the inbox's JTA transaction, so
 * the opportunity's first event commits together with the inbox entry: a redelivered LeadQualified finds its id in
 * the inbox and changes nothing. The opportunity is also created only if its id is unused, which keeps a re-published
 * event (a new ce_id) harmless past the inbox.
 */
@ApplicationScoped
public class LeadQualificationReaction {

    public static final String CHANNEL = "lead-qualifications";
    private static final Logger LOG = Logger.getLogger(LeadQualificationReaction.class);

    @Inject
    Reactions reactions;

    @Inject
    CommandGateway gateway;

    @Inject
    EventHistory history;

    /** Only qualifications matter here; the lead topic's other events pass without an inbox row. */
    @Incoming(CHANNEL)
    public Uni<Void> onLeadEvents(KafkaRecordBatch<String, byte[]> batch) {
        return reactions.apply(
                CHANNEL,
                batch,
                LeadQualified.class,
                event -> react(event.payloadAs(LeadQualified.class).orElseThrow(), event));
    }

    private void react(LeadQualified lead, ConsumedEvent event) {
        if (lead.details() == null || lead.details().topic() == null) {
            throw new DomainException(
                    DomainException.Kind.INVALID,
                    "incomplete-lead",
                    "LeadQualified " + lead.leadId() + " carries no lead details");
        }
        CreateOpportunity create = LeadConversion.opportunityOf(lead, event.actingUser());
        if (create == null) {
            return;
        }
        if (history.exists("Opportunity", create.opportunityId())) {
            LOG.infof(
                    "Opportunity %s of lead %s exists already; not created again",
                    create.opportunityId(), lead.leadId());
            return;
        }
        // the opportunity's events carry the qualifying user and the lead request's correlation id
        CommandSender.send(gateway, create, event.actor(), event.correlationId());
    }
}

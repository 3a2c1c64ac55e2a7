package dev.crm.platform.repair;

import dev.crm.events.v1.Topics;
import dev.crm.platform.query.EventHistory;
import dev.crm.platform.relay.KafkaEventRelay;
import dev.crm.platform.security.Actor;
import dev.crm.platform.security.CurrentUser;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Repair by record: the record's events are read from this service's event store and published again, marked as a
 * repair, so that every read model and replica in every service forgets the record and rebuilds it from them (whatever
 * was dead-lettered, parked or skipped before). Events appended while it runs are published again too, after it, so
 * none is lost to the rebuild. Idempotent: repairing twice rebuilds the same. Sales managers only; each service
 * repairs the records it owns.
 */
@Path("/api/v1/repairs")
@Tag(name = "Repairs")
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@SecurityRequirement(name = "jwt")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RepairResource {

    private static final Logger LOG = Logger.getLogger(RepairResource.class);
    /** Enough rounds for a record being written to while it is repaired; each round publishes only what is new. */
    private static final int MAX_ROUNDS = 20;

    /** The records a repair can name, with their aggregate type in the event store and their topic. */
    public enum RecordKind {
        LEAD("Lead", Topics.LEAD),
        CONTACT("Contact", Topics.CONTACT),
        ACCOUNT("Account", Topics.ACCOUNT),
        OPPORTUNITY("Opportunity", Topics.OPPORTUNITY),
        ACTIVITY("Activity", Topics.ACTIVITY),
        NOTE("Note", Topics.NOTE);

        final String aggregateType;
        final String topic;

        RecordKind(String aggregateType, String topic) {
            this.aggregateType = aggregateType;
            this.topic = topic;
        }
    }

    public record RepairRequest(
            @NotNull RecordKind recordType,
            @NotBlank @Size(max = 64) String recordId) {}

    /** {@code events}: how many were published again (the record's whole stream, and what was appended meanwhile). */
    public record Repair(
            String repairId, RecordKind recordType, String recordId, String topic, long version, int events) {}

    @Inject
    EventHistory history;

    @Inject
    KafkaEventRelay relay;

    @Inject
    CurrentUser user;

    @POST
    @Blocking
    @Operation(summary = "Rebuild one record in every read model and replica from its events (sales managers)")
    public Repair repair(@Valid @NotNull RepairRequest request) {
        user.actor().requireManager("repair a record");
        RecordKind kind = request.recordType();
        String repairId = UUID.randomUUID().toString();
        List<DomainEventMessage<?>> events = history.events(kind.aggregateType, request.recordId());
        relay.republish(events, repairId);
        int published = events.size();
        for (int round = 1; round < MAX_ROUNDS; round++) {
            // an event the relay published before this repair's first one would be forgotten by the rebuild: its
            // record is in the store by now, so it is published again after the repair
            List<DomainEventMessage<?>> now = history.events(kind.aggregateType, request.recordId());
            if (now.size() <= published) {
                break;
            }
            relay.republish(now.subList(published, now.size()), repairId);
            published = now.size();
        }
        LOG.infof(
                "Repair %s of %s %s by %s: %d events published again on %s",
                repairId, kind, request.recordId(), user.userId(), published, kind.topic);
        return new Repair(repairId, kind, request.recordId(), kind.topic, published, published);
    }
}

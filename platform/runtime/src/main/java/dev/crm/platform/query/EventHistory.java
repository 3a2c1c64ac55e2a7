package dev.crm.platform.query;

import dev.crm.events.v1.EventCatalog;
import dev.crm.events.v1.EventType;
import dev.crm.platform.axon.CommandMetadata;
import dev.crm.platform.domain.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;

/** The full history of one aggregate, straight from the event store (the source of truth, never a projection). */
@ApplicationScoped
public class EventHistory {

    @Inject
    EventStore eventStore;

    public record Entry(
            long sequence,
            long version,
            String eventId,
            String type,
            Instant time,
            @Nullable String actingUser,
            @Nullable String correlationId,
            Object data) {}

    /** One step of a fold from events to what a reader sees (a snapshot record). */
    @FunctionalInterface
    public interface Fold<S> {
        S apply(@Nullable S current, Object event, Instant time, @Nullable String actingUser, long version);
    }

    /**
     * The aggregate's events, oldest first. 404 when there are none, or when they belong to another aggregate type
     * (a service's aggregates share one event store, so an account id must not read as a contact).
     */
    public List<DomainEventMessage<?>> events(String aggregateType, String aggregateId) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(aggregateId);
        stream.forEachRemaining(events::add);
        if (events.isEmpty() || !aggregateType.equals(events.get(0).getType())) {
            throw DomainException.notFound(aggregateType, aggregateId);
        }
        return events;
    }

    public boolean exists(String aggregateType, String aggregateId) {
        DomainEventStream stream = eventStore.readEvents(aggregateId);
        return stream.hasNext() && aggregateType.equals(stream.peek().getType());
    }

    /** The current state of one aggregate, folded from its events: always up to date, unlike a read model. */
    public <S> S current(String aggregateType, String aggregateId, Fold<S> fold) {
        return fold(null, events(aggregateType, aggregateId), fold);
    }

    /** {@code state} moved on by {@code events}. */
    public static <S> S fold(@Nullable S state, List<? extends DomainEventMessage<?>> events, Fold<S> fold) {
        S next = state;
        for (DomainEventMessage<?> event : events) {
            next = fold.apply(
                    next,
                    event.getPayload(),
                    event.getTimestamp(),
                    (String) event.getMetaData().get(CommandMetadata.ACTING_USER),
                    event.getSequenceNumber() + 1);
        }
        // null only for a null state folded over no events, which no caller does: a fold starts from the creation
        return java.util.Objects.requireNonNull(next, "a fold from no state over no events");
    }

    public List<Entry> history(String aggregateType, String aggregateId) {
        return events(aggregateType, aggregateId).stream()
                .map(EventHistory::entry)
                .toList();
    }

    private static Entry entry(DomainEventMessage<?> event) {
        String type = EventCatalog.forClass(event.getPayloadType())
                .map(EventType::ceType)
                .orElse(event.getPayloadType().getSimpleName());
        return new Entry(
                event.getSequenceNumber(),
                event.getSequenceNumber() + 1,
                event.getIdentifier(),
                type,
                event.getTimestamp(),
                (String) event.getMetaData().get(CommandMetadata.ACTING_USER),
                (String) event.getMetaData().get(CommandMetadata.CORRELATION_ID),
                event.getPayload());
    }
}

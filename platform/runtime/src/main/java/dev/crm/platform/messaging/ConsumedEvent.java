package dev.crm.platform.messaging;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.CrmEvent;
import dev.crm.events.v1.EventCatalog;
import dev.crm.events.v1.EventType;
import dev.crm.platform.axon.EventJson;
import dev.crm.platform.security.Actor;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * A CloudEvent read from Kafka: the one place where a record's CloudEvents attributes are read (with the CloudEvents
 * SDK's Kafka binding). {@code payload} is the contract record, or empty for a type this build does not know (a newer
 * producer's additive change: consumers skip it). {@code sequence} is the optional {@code sequence} extension.
 */
public record ConsumedEvent(
        String id,
        String type,
        String subject,
        @Nullable Long sequence,
        Instant time,
        @Nullable String actingUser,
        @Nullable String actingRole,
        @Nullable String correlationId,
        @Nullable String repair,
        Optional<CrmEvent> payload,
        String topic,
        int partition,
        long offset) {

    static final String SEQUENCE = extension(CloudEventHeaders.SEQUENCE);
    static final String ACTING_USER = extension(CloudEventHeaders.ACTING_USER);
    static final String ACTING_ROLE = extension(CloudEventHeaders.ACTING_ROLE);
    static final String CORRELATION_ID = extension(CloudEventHeaders.CORRELATION_ID);
    static final String REPAIR = extension(CloudEventHeaders.REPAIR);

    /** The aggregate version after this event (sequence numbers start at 0); empty when the producer sent none. */
    public OptionalLong version() {
        return sequence == null ? OptionalLong.empty() : OptionalLong.of(sequence + 1);
    }

    /** The user who caused this event, with the rights of the role they acted in (none named: a salesperson's). */
    public Actor actor() {
        return Actor.asActed(actingUser, actingRole);
    }

    public <T extends CrmEvent> Optional<T> payloadAs(Class<T> type) {
        return payload.filter(type::isInstance).map(type::cast);
    }

    /** Reads and checks a record; anything malformed is poison. */
    public static ConsumedEvent from(ConsumerRecord<String, byte[]> record) {
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(record).toEvent();
        } catch (RuntimeException e) {
            throw new PoisonMessageException("not a CloudEvent in Kafka binary mode: " + e.getMessage(), e);
        }
        String subject = event.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new PoisonMessageException("missing header " + CloudEventHeaders.SUBJECT);
        }
        if (record.key() == null || !record.key().equals(subject)) {
            throw new PoisonMessageException(
                    "record key '" + record.key() + "' differs from ce_subject '" + subject + "'");
        }
        if (record.value() == null) {
            throw new PoisonMessageException("record has no value");
        }
        Optional<EventType> known = EventCatalog.forCeType(event.getType());
        if (known.isPresent() && !known.get().topic().equals(record.topic())) {
            throw new PoisonMessageException(event.getType() + " does not belong on topic " + record.topic());
        }
        Optional<CrmEvent> payload = known.map(t -> parse(record.value(), t));
        payload.ifPresent(p -> {
            if (!subject.equals(p.aggregateId())) {
                throw new PoisonMessageException(
                        "payload aggregate id '" + p.aggregateId() + "' differs from ce_subject");
            }
        });
        // ce_time is optional in CloudEvents: the broker's timestamp stands in for it
        Instant time = event.getTime() != null ? event.getTime().toInstant() : Instant.ofEpochMilli(record.timestamp());
        return new ConsumedEvent(
                event.getId(),
                event.getType(),
                subject,
                sequence(event),
                time,
                text(event, ACTING_USER),
                text(event, ACTING_ROLE),
                text(event, CORRELATION_ID),
                text(event, REPAIR),
                payload,
                record.topic(),
                record.partition(),
                record.offset());
    }

    /** An event read back from where a read model parked it: its value parsed again, as when it was consumed. */
    static ConsumedEvent restored(
            String id,
            String type,
            String subject,
            long sequence,
            Instant time,
            @Nullable String actingUser,
            @Nullable String actingRole,
            @Nullable String correlationId,
            byte @Nullable [] value,
            String topic,
            int partition,
            long offset) {
        Optional<CrmEvent> payload =
                value == null ? Optional.empty() : EventCatalog.forCeType(type).map(known -> parse(value, known));
        return new ConsumedEvent(
                id,
                type,
                subject,
                sequence,
                time,
                actingUser,
                actingRole,
                correlationId,
                null,
                payload,
                topic,
                partition,
                offset);
    }

    /** The event's value as its producer wrote it (the contract's JSON). */
    byte @Nullable [] value() {
        try {
            return payload.isPresent() ? EventJson.mapper().writeValueAsBytes(payload.get()) : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + type + " again", e);
        }
    }

    private static @Nullable Long sequence(CloudEvent event) {
        String value = text(event, SEQUENCE);
        if (value == null) {
            return null;
        }
        try {
            long sequence = Long.parseLong(value.trim());
            if (sequence < 0) {
                throw new PoisonMessageException("header " + CloudEventHeaders.SEQUENCE + " is negative");
            }
            return sequence;
        } catch (NumberFormatException e) {
            throw new PoisonMessageException("header " + CloudEventHeaders.SEQUENCE + " is not a number", e);
        }
    }

    private static @Nullable String text(CloudEvent event, String extension) {
        Object value = event.getExtension(extension);
        return value == null ? null : value.toString();
    }

    private static String extension(String header) {
        return header.substring("ce_".length());
    }

    private static CrmEvent parse(byte[] value, EventType type) {
        try {
            CrmEvent event = EventJson.mapper().readValue(value, type.payloadClass());
            if (event == null || event.aggregateId() == null) {
                throw new PoisonMessageException("value of " + type.ceType() + " has no aggregate id");
            }
            return event;
        } catch (java.io.IOException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                    ? json.getOriginalMessage()
                    : e.getMessage();
            throw new PoisonMessageException("value is not a valid " + type.ceType() + ": " + reason, e);
        }
    }
}

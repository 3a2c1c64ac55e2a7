package dev.crm.platform.messaging;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.CrmEvent;
import dev.crm.events.v1.EventCatalog;
import dev.crm.events.v1.EventType;
import dev.crm.platform.axon.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A CloudEvent read from Kafka. {@code payload} is the contract record, or empty for a type this build does not
 * know (a newer producer's additive change: consumers skip it).
 */
public record ConsumedEvent(
        String id,
        String type,
        String subject,
        long sequence,
        Instant time,
        String actingUser,
        String correlationId,
        Optional<CrmEvent> payload,
        String topic,
        int partition,
        long offset) {

    /** The aggregate version after this event (sequence numbers start at 0). */
    public long version() {
        return sequence + 1;
    }

    public <T extends CrmEvent> Optional<T> payloadAs(Class<T> type) {
        return payload.filter(type::isInstance).map(type::cast);
    }

    /** Reads and checks a record; anything malformed is poison. */
    public static ConsumedEvent from(ConsumerRecord<String, byte[]> record) {
        String id = required(record, CloudEventHeaders.ID);
        String type = required(record, CloudEventHeaders.TYPE);
        String subject = required(record, CloudEventHeaders.SUBJECT);
        if (record.key() == null || !record.key().equals(subject)) {
            throw new PoisonMessageException("record key '" + record.key() + "' differs from ce_subject '" + subject + "'");
        }
        long sequence = parseLong(record, CloudEventHeaders.SEQUENCE);
        Instant time;
        try {
            time = Instant.parse(required(record, CloudEventHeaders.TIME));
        } catch (DateTimeParseException e) {
            throw new PoisonMessageException("ce_time is not an RFC 3339 timestamp", e);
        }
        if (record.value() == null) {
            throw new PoisonMessageException("record has no value");
        }
        Optional<EventType> known = EventCatalog.forCeType(type);
        if (known.isPresent() && !known.get().topic().equals(record.topic())) {
            throw new PoisonMessageException(type + " does not belong on topic " + record.topic());
        }
        Optional<CrmEvent> payload = known.map(t -> parse(record, t));
        payload.ifPresent(p -> {
            if (!subject.equals(p.aggregateId())) {
                throw new PoisonMessageException("payload aggregate id '" + p.aggregateId() + "' differs from ce_subject");
            }
        });
        return new ConsumedEvent(id, type, subject, sequence, time,
                header(record, CloudEventHeaders.ACTING_USER), header(record, CloudEventHeaders.CORRELATION_ID),
                payload, record.topic(), record.partition(), record.offset());
    }

    private static CrmEvent parse(ConsumerRecord<String, byte[]> record, EventType type) {
        try {
            CrmEvent event = EventJson.mapper().readValue(record.value(), type.payloadClass());
            if (event == null || event.aggregateId() == null) {
                throw new PoisonMessageException("value of " + type.ceType() + " has no aggregate id");
            }
            return event;
        } catch (java.io.IOException e) {
            throw new PoisonMessageException("value is not a valid " + type.ceType() + ": " + originalMessage(e), e);
        }
    }

    private static String originalMessage(java.io.IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    }

    private static String required(ConsumerRecord<String, byte[]> record, String name) {
        String value = header(record, name);
        if (value == null || value.isBlank()) {
            throw new PoisonMessageException("missing header " + name);
        }
        return value;
    }

    private static long parseLong(ConsumerRecord<String, byte[]> record, String name) {
        String value = header(record, name);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new PoisonMessageException("header " + name + " is not a number", e);
        }
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package dev.crm.platform.messaging;

import dev.crm.events.v1.CloudEventHeaders;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

/**
 * The one place where this system writes a CloudEvent as a Kafka record (binary mode), with the CloudEvents SDK's
 * Kafka binding: the relay, a repair and the tests all go through it, so that what {@link ConsumedEvent} reads is
 * what was written. Keyed by the aggregate id (the subject), so that a record's events stay in one partition.
 */
public final class CloudEventRecords {

    /**
     * A stored event's attributes. {@code sequence}: its 0-based position in its aggregate's stream; the acting user
     * and role, the correlation id and the repair are optional (null: no header).
     */
    public record Attributes(
            String id,
            String source,
            String type,
            String subject,
            Instant time,
            long sequence,
            @Nullable String actingUser,
            @Nullable String actingRole,
            @Nullable String correlationId,
            @Nullable String repair) {

        public Attributes withRepair(String repairId) {
            return new Attributes(
                    id, source, type, subject, time, sequence, actingUser, actingRole, correlationId, repairId);
        }
    }

    public static ProducerRecord<String, byte[]> record(String topic, Attributes a, byte[] json) {
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(a.id())
                .withSource(URI.create(a.source()))
                .withType(a.type())
                .withSubject(a.subject())
                .withTime(a.time().atOffset(ZoneOffset.UTC))
                .withDataContentType(CloudEventHeaders.JSON)
                .withExtension(ConsumedEvent.SEQUENCE, Long.toString(a.sequence()))
                .withData(json);
        extension(event, ConsumedEvent.ACTING_USER, a.actingUser());
        extension(event, ConsumedEvent.ACTING_ROLE, a.actingRole());
        extension(event, ConsumedEvent.CORRELATION_ID, a.correlationId());
        extension(event, ConsumedEvent.REPAIR, a.repair());
        return KafkaMessageFactory.createWriter(topic, a.subject()).writeBinary(event.build());
    }

    private static void extension(CloudEventBuilder event, String name, @Nullable String value) {
        if (value != null) {
            event.withExtension(name, value);
        }
    }

    private CloudEventRecords() {}
}

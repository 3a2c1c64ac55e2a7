package dev.crm.platform.messaging;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jspecify.annotations.Nullable;

/** The Kafka record under a SmallRye message, and its way to the dead-letter topic. */
final class KafkaRecords {

    @SuppressWarnings("unchecked")
    static ConsumerRecord<String, byte[]> record(Message<?> message) {
        IncomingKafkaRecordMetadata<?, ?> metadata = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("Not a message from a Kafka channel"));
        ConsumerRecord<?, ?> record = metadata.getRecord();
        if (record.value() != null && !(record.value() instanceof byte[])) {
            throw new IllegalStateException("The channel must use value.deserializer ByteArrayDeserializer");
        }
        return (ConsumerRecord<String, byte[]>) record;
    }

    /** A header's value as text; null when the record has none. */
    static @Nullable String header(ConsumerRecord<String, byte[]> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * False for a record whose {@code ce_type} names a catalogued event that is none of {@code wanted} (classes or
     * their interfaces): such a record can be passed over unparsed. A record without a type, or of a type this build
     * does not know, is read like any other (poison, or a newer producer's additive change).
     */
    static boolean mayBeWanted(ConsumerRecord<String, byte[]> record, java.util.Collection<Class<?>> wanted) {
        String type = header(record, CloudEventHeaders.TYPE);
        return type == null
                || dev.crm.events.v1.EventCatalog.forCeType(type)
                        .map(known -> wanted.stream().anyMatch(w -> w.isAssignableFrom(known.payloadClass())))
                        .orElse(true);
    }

    /**
     * Nacks the record to the channel's dead-letter-queue failure strategy, addressed to {@code <topic>.<group>.dlq}
     * (a channel may read several topics) with this system's {@code dlq_*} headers beside SmallRye's
     * {@code dead-letter-*} ones. Completes once the dead-letter topic acknowledged it.
     */
    static CompletionStage<Void> deadLetter(Message<?> message, String group, Throwable reason) {
        ConsumerRecord<String, byte[]> record = record(message);
        RecordHeaders headers = new RecordHeaders();
        add(
                headers,
                CloudEventHeaders.DLQ_REASON,
                reason.getMessage() == null ? reason.getClass().getName() : reason.getMessage());
        add(headers, CloudEventHeaders.DLQ_EXCEPTION, reason.getClass().getName());
        add(headers, CloudEventHeaders.DLQ_ORIGINAL_TOPIC, record.topic());
        add(headers, CloudEventHeaders.DLQ_ORIGINAL_PARTITION, Integer.toString(record.partition()));
        add(headers, CloudEventHeaders.DLQ_ORIGINAL_OFFSET, Long.toString(record.offset()));
        add(headers, CloudEventHeaders.DLQ_CONSUMER_GROUP, group);
        OutgoingKafkaRecordMetadata<String> target = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.deadLetter(record.topic(), group))
                .withHeaders(headers)
                .build();
        // Quarkus registers its registry in the global one: operators alert on any increase
        io.micrometer.core.instrument.Metrics.counter(
                        "crm.consumer.dead.lettered", "group", group, "topic", record.topic())
                .increment();
        return message.nack(reason, Metadata.of(target));
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private KafkaRecords() {}
}

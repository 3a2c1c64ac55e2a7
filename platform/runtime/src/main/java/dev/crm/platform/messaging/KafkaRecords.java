package dev.crm.platform.messaging;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

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

    /**
     * Nacks the record to the channel's dead-letter-queue failure strategy, addressed to {@code <topic>.<group>.dlq}
     * (a channel may read several topics) with this system's {@code dlq_*} headers beside SmallRye's
     * {@code dead-letter-*} ones. Completes once the dead-letter topic acknowledged it.
     */
    static CompletionStage<Void> deadLetter(Message<?> message, String group, Throwable reason) {
        ConsumerRecord<String, byte[]> record = record(message);
        RecordHeaders headers = new RecordHeaders();
        add(headers, CloudEventHeaders.DLQ_REASON, reason.getMessage() == null ? reason.getClass().getName() : reason.getMessage());
        add(headers, CloudEventHeaders.DLQ_EXCEPTION, reason.getClass().getName());
        add(headers, CloudEventHeaders.DLQ_ORIGINAL_TOPIC, record.topic());
        add(headers, CloudEventHeaders.DLQ_ORIGINAL_PARTITION, Integer.toString(record.partition()));
        add(headers, CloudEventHeaders.DLQ_ORIGINAL_OFFSET, Long.toString(record.offset()));
        add(headers, CloudEventHeaders.DLQ_CONSUMER_GROUP, group);
        OutgoingKafkaRecordMetadata<String> target = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.deadLetter(record.topic(), group)).withHeaders(headers).build();
        return message.nack(reason, Metadata.of(target));
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private KafkaRecords() {
    }
}

package dev.crm.testing;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.CrmEvent;
import dev.crm.events.v1.EventCatalog;
import dev.crm.events.v1.EventType;
import dev.crm.platform.axon.EventJson;
import dev.crm.platform.messaging.CloudEventRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads and writes topics of the test broker directly, as an operator or a downstream consumer would. */
public final class KafkaTopics {

    public static String bootstrapServers() {
        String bootstrap = System.getProperty(CrmTestInfrastructure.BOOTSTRAP_PROPERTY);
        if (bootstrap == null) {
            throw new IllegalStateException("The test infrastructure is not started");
        }
        return bootstrap;
    }

    /** Every record now on the topic, oldest first per partition. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 15_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    public static List<ConsumerRecord<String, byte[]>> readAll(
            String topic, Predicate<ConsumerRecord<String, byte[]>> filter) {
        return readAll(topic).stream().filter(filter).toList();
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static Position send(String topic, String key, byte[] value, Map<String, String> headers) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            var sent = producer.send(record).get(30, TimeUnit.SECONDS);
            return new Position(sent.topic(), sent.partition(), sent.offset());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send to " + topic, e);
        }
    }

    /**
     * Publishes {@code event} as its producing service's relay would: on its topic, keyed by aggregate id, with the
     * CloudEvents headers. Returns the headers, so a test can publish the very same record again.
     */
    public static Map<String, String> publish(CrmEvent event, long sequence, String actingUser) {
        return publish(event, sequence, actingUser, "salesperson");
    }

    /** As {@link #publish(CrmEvent, long, String)}, by a user acting in {@code actingRole} (salesperson, sales-manager). */
    public static Map<String, String> publish(CrmEvent event, long sequence, String actingUser, String actingRole) {
        Map<String, String> headers = headers(event, sequence, actingUser, actingRole);
        send(EventCatalog.forClass(event.getClass()).orElseThrow().topic(), event.aggregateId(), json(event), headers);
        return headers;
    }

    /** The headers {@link #publish(CrmEvent, long, String)} would send, with a new ce_id; nothing is sent. */
    public static Map<String, String> publishHeaders(CrmEvent event, long sequence, String actingUser) {
        return headers(event, sequence, actingUser, "salesperson");
    }

    /** The headers the relay's record of {@code event} carries, written by the same CloudEvents writer. */
    private static Map<String, String> headers(CrmEvent event, long sequence, String actingUser, String actingRole) {
        EventType type = EventCatalog.forClass(event.getClass())
                .orElseThrow(() -> new IllegalArgumentException("Not a catalogued event: " + event.getClass()));
        ProducerRecord<String, byte[]> record = CloudEventRecords.record(
                type.topic(),
                new CloudEventRecords.Attributes(
                        java.util.UUID.randomUUID().toString(),
                        "/crm/test",
                        type.ceType(),
                        event.aggregateId(),
                        java.time.Instant.now(),
                        sequence,
                        actingUser,
                        actingRole,
                        java.util.UUID.randomUUID().toString(),
                        null),
                json(event));
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }

    /**
     * A poison record: CloudEvents headers of {@code ceType} on its topic, but a value cut off mid-JSON. Returns its
     * key (also its ce_id and ce_subject), to find it on the dead-letter topic.
     */
    public static String publishTruncated(String ceType) {
        EventType type = EventCatalog.forCeType(ceType)
                .orElseThrow(() -> new IllegalArgumentException("Not a catalogued event type: " + ceType));
        String key = "poison-" + java.util.UUID.randomUUID();
        send(
                type.topic(),
                key,
                "{\"truncated\":".getBytes(StandardCharsets.UTF_8),
                Map.of(
                        CloudEventHeaders.SPEC_VERSION,
                        CloudEventHeaders.SPEC_VERSION_VALUE,
                        CloudEventHeaders.SOURCE,
                        "/crm/test",
                        CloudEventHeaders.ID,
                        key,
                        CloudEventHeaders.TYPE,
                        ceType,
                        CloudEventHeaders.SUBJECT,
                        key,
                        CloudEventHeaders.TIME,
                        java.time.Instant.now().toString(),
                        CloudEventHeaders.SEQUENCE,
                        "2"));
        return key;
    }

    public static byte[] json(CrmEvent event) {
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The consumer group's committed offset on one partition (the next record it will read), -1 when none. */
    public static long committedOffset(String group, String topic, int partition) {
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            var offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            var offset = offsets.get(new org.apache.kafka.common.TopicPartition(topic, partition));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the offsets of group " + group, e);
        }
    }

    /** Waits until the group has handled and committed {@code record} itself (not merely a later one elsewhere). */
    public static void awaitCommitted(String group, Position record) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (committedOffset(group, record.topic(), record.partition()) <= record.offset()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("group " + group + " did not commit past " + record + " within 30 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Where a record sits: its topic, partition and offset. */
    public record Position(String topic, int partition, long offset) {}

    /** Stops or starts the in-JVM broker; only available when the tests run their own broker. */
    public static void stopBroker() {
        control().get("stop").run();
    }

    public static void startBroker() {
        control().get("start").run();
    }

    private static Map<String, Runnable> control() {
        Map<String, Runnable> control = CrmTestInfrastructure.brokerControl;
        if (control == null) {
            throw new IllegalStateException("The broker is not the tests' own (KAFKA_BOOTSTRAP_SERVERS is set)");
        }
        return control;
    }

    private KafkaTopics() {}
}

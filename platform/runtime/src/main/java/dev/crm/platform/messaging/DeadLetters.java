package dev.crm.platform.messaging;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Parks a record that cannot be handled on {@code <topic>.<group>.dlq}: same key, value and headers, plus the reason.
 * Waits for the broker's acknowledgement, so the offset is committed only once the record is safe elsewhere.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProducer<String, byte[]> producer;

    public void park(String group, ConsumerRecord<String, byte[]> record, Throwable reason) throws Exception {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        add(headers, CloudEventHeaders.DLQ_REASON, reason.getMessage() == null ? reason.getClass().getName() : reason.getMessage());
        add(headers, CloudEventHeaders.DLQ_EXCEPTION, reason.getClass().getName());
        add(headers, CloudEventHeaders.DLQ_ORIGINAL_TOPIC, record.topic());
        add(headers, CloudEventHeaders.DLQ_ORIGINAL_PARTITION, Integer.toString(record.partition()));
        add(headers, CloudEventHeaders.DLQ_ORIGINAL_OFFSET, Long.toString(record.offset()));
        add(headers, CloudEventHeaders.DLQ_CONSUMER_GROUP, group);
        String topic = Topics.deadLetter(record.topic(), group);
        producer().send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers)).get(30, TimeUnit.SECONDS);
        LOG.warnf("Dead-lettered %s-%d@%d to %s: %s", record.topic(), record.partition(), record.offset(), topic, reason.getMessage());
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}

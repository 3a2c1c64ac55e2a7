package dev.crm.platform.relay;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.EventCatalog;
import dev.crm.events.v1.EventType;
import dev.crm.platform.axon.CommandMetadata;
import dev.crm.platform.axon.EventJson;
import dev.crm.platform.messaging.CloudEventRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Publishes every stored event to Kafka as a CloudEvent (binary mode), keyed by aggregate id. Runs inside the
 * {@code kafka-relay} tracking processor: a batch's records are sent asynchronously and all acknowledgements are
 * awaited before the processor's token may move (the token update commits after this prepare-commit step). Any
 * failure fails the batch, the token stays, and the processor retries from it: nothing is skipped.
 */
@ApplicationScoped
@ProcessingGroup("kafka-relay")
public class KafkaEventRelay {

    private static final Logger LOG = Logger.getLogger(KafkaEventRelay.class);
    private static final String PENDING = KafkaEventRelay.class.getName() + ".pending";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "crm.service.name")
    String serviceName;

    @ConfigProperty(name = "crm.relay.ack-timeout", defaultValue = "PT15S")
    Duration ackTimeout;

    @Inject
    MeterRegistry registry;

    private volatile @Nullable KafkaProducer<String, byte[]> producer;
    private volatile @Nullable Serializer storeSerializer;
    private @Nullable Timer lag;
    private @Nullable Timer pickup;
    private @Nullable Counter published;
    private volatile boolean healthy = true;
    private volatile @Nullable Instant lastFailure;

    /**
     * The event store's serializer: its JSON is the Kafka payload's (the same mapper), so a stored event is published
     * as it was stored, neither deserialised nor serialised again.
     */
    public void publishStoredForm(Serializer storeSerializer) {
        this.storeSerializer = storeSerializer;
    }

    @EventHandler
    public void on(EventMessage<?> message) {
        if (!(message instanceof DomainEventMessage<?> domainEvent)) {
            throw new IllegalStateException(
                    "The relay only publishes aggregate events, got " + message.getPayloadType());
        }
        Class<?> payloadType = message.getPayloadType();
        EventType type = EventCatalog.forClass(payloadType)
                .orElseThrow(() -> new IllegalStateException(
                        "No public contract for " + payloadType.getName() + ": add it to EventCatalog"));
        ProducerRecord<String, byte[]> record = toRecord(type, domainEvent);
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<Pending> pending = unitOfWork.root().getOrComputeResource(PENDING, key -> {
            List<Pending> list = new ArrayList<>();
            unitOfWork.root().onPrepareCommit(u -> awaitAcknowledgements(list));
            return list;
        });
        // pick-up alone (stored -> handled here): with crm.relay.lag it tells a slow read from a slow acknowledgement
        meters().pickup.record(Duration.between(domainEvent.getTimestamp(), Instant.now()));
        pending.add(new Pending(producer().send(record), domainEvent.getTimestamp()));
    }

    /**
     * Publishes stored events of one record again, each marked with {@code repairId} ({@link CloudEventHeaders#REPAIR})
     * and otherwise as the relay published it (same id, sequence and headers), through the relay's producer. Returns
     * once Kafka acknowledged them all; fails with {@link RelayException} when it does not in time.
     */
    public void republish(List<? extends DomainEventMessage<?>> events, String repairId) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (DomainEventMessage<?> event : events) {
            EventType type = EventCatalog.forClass(event.getPayloadType())
                    .orElseThrow(() -> new IllegalStateException(
                            "No public contract for " + event.getPayloadType().getName()));
            acks.add(producer().send(toRecord(type, event, repairId)));
        }
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new RelayException("Kafka did not acknowledge the repair's events; nothing is lost, run it again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayException("Interrupted while waiting for Kafka", e);
        }
    }

    private ProducerRecord<String, byte[]> toRecord(EventType type, DomainEventMessage<?> event) {
        return toRecord(type, event, null);
    }

    private ProducerRecord<String, byte[]> toRecord(
            EventType type, DomainEventMessage<?> event, @Nullable String repairId) {
        byte[] value;
        try {
            Serializer stored = storeSerializer;
            value = stored != null
                    ? event.serializePayload(stored, byte[].class).getData()
                    : EventJson.mapper().writeValueAsBytes(event.getPayload());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot serialise " + type.ceType(), e);
        }
        return CloudEventRecords.record(
                type.topic(),
                new CloudEventRecords.Attributes(
                        event.getIdentifier(),
                        "/crm/" + serviceName,
                        type.ceType(),
                        event.getAggregateIdentifier(),
                        event.getTimestamp(),
                        event.getSequenceNumber(),
                        text(event, CommandMetadata.ACTING_USER),
                        text(event, CommandMetadata.ACTING_ROLE),
                        text(event, CommandMetadata.CORRELATION_ID),
                        repairId),
                value);
    }

    private static @Nullable String text(DomainEventMessage<?> event, String key) {
        Object value = event.getMetaData().get(key);
        return value == null ? null : value.toString();
    }

    private void awaitAcknowledgements(List<Pending> pending) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        try {
            for (Pending p : pending) {
                p.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                meters().lag.record(Duration.between(p.storedAt(), Instant.now()));
            }
        } catch (ExecutionException | TimeoutException e) {
            markFailed();
            throw new RelayException(
                    "Kafka did not acknowledge the batch; it will be published again from the same token", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayException("Interrupted while waiting for Kafka", e);
        }
        meters().published.increment(pending.size());
        if (!healthy) {
            LOG.info("Kafka relay is publishing again");
        }
        healthy = true;
    }

    private void markFailed() {
        if (healthy) {
            LOG.warn("Kafka relay cannot publish: events stay in the event store until the broker acknowledges them");
        }
        healthy = false;
        lastFailure = Instant.now();
        // a producer whose batches expired may hold a stale view of the cluster: start afresh on the retry
        closeProducer();
    }

    /** False after a batch failed, until one succeeds. Read-your-writes waits are skipped while it is false. */
    public boolean isHealthy() {
        return healthy;
    }

    public @Nullable Instant lastFailure() {
        return lastFailure;
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
                }
                current = producer;
            }
        }
        return current;
    }

    private Properties producerConfig() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, serviceName + "-relay");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // idempotence keeps per-partition order through the producer's own retries
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(6000, ackTimeout.toMillis() - 1000)));
        return props;
    }

    private synchronized Meters meters() {
        if (lag == null) {
            lag = histogram("crm.relay.lag", "From event stored to Kafka acknowledgement");
            pickup = histogram("crm.relay.pickup", "From event stored to handled by the relay (before the send)");
            published = Counter.builder("crm.relay.published")
                    .description("Events acknowledged by Kafka")
                    .register(registry);
        }
        return new Meters(
                java.util.Objects.requireNonNull(lag),
                java.util.Objects.requireNonNull(pickup),
                java.util.Objects.requireNonNull(published));
    }

    /** Buckets (e.g. crm_relay_lag_seconds_bucket) let a client compute percentiles of any window: the benchmarks diff them. */
    private Timer histogram(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    private synchronized void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private record Pending(Future<RecordMetadata> ack, Instant storedAt) {}

    private record Meters(Timer lag, Timer pickup, Counter published) {}

    public static class RelayException extends RuntimeException {
        RelayException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

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
import java.util.Map;
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
import org.axonframework.eventhandling.EventTrackerStatus;
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
 *
 * <p>Nothing is appended twice either: after a failed batch, and whenever this instance takes the processor's claim
 * (at start, or from a replica that died after sending), the events stored before that moment may already be on their
 * partitions; each is looked up in its partition's tail ({@link PublishedTail}) and skipped when there. Every record
 * goes to an explicit partition, the one Kafka's default partitioner gives its key, so that the lookup reads the right
 * one.
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

    @ConfigProperty(name = "crm.relay.tail-check-limit", defaultValue = "200000")
    int tailCheckLimit;

    @Inject
    MeterRegistry registry;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** Skew allowed between the clocks of the instance that stored an event and the one that relays it. */
    private static final Duration CLOCK_MARGIN = Duration.ofSeconds(10);
    /** Kafka's record time (when it was sent) against the event's (when it was stored): sent later, give or take. */
    private static final Duration TAIL_MARGIN = Duration.ofSeconds(60);

    private volatile @Nullable KafkaProducer<String, byte[]> producer;
    private volatile @Nullable Serializer storeSerializer;
    private @Nullable Timer lag;
    private @Nullable Timer pickup;
    private @Nullable Counter published;
    private volatile boolean healthy = true;
    private volatile @Nullable Instant lastFailure;
    /** Events stored before this instant may already be on Kafka: each is checked before it is sent. */
    private volatile @Nullable Instant checkBefore = Instant.now().plus(CLOCK_MARGIN);

    private @Nullable Instant tailSince;
    private @Nullable PublishedTail tail;
    private volatile int claimedSegments;
    private @Nullable Counter skipped;
    private volatile @Nullable Backlog backlog;

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
        if (alreadyPublished(record, domainEvent)) {
            meters().skipped.increment();
            return;
        }
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

    private boolean alreadyPublished(ProducerRecord<String, byte[]> record, DomainEventMessage<?> event) {
        Instant before = checkBefore;
        if (before == null) {
            return false;
        }
        if (!event.getTimestamp().isBefore(before)) {
            // stored after the moment of doubt: only this instance, in this session, can have sent it
            checkBefore = null;
            tailSince = null;
            PublishedTail done = tail;
            if (done != null) {
                done.forget();
            }
            return false;
        }
        Instant since = tailSince;
        if (since == null) {
            since = event.getTimestamp().minus(TAIL_MARGIN);
            tailSince = since;
        }
        Boolean there = tail().contains(
                        new org.apache.kafka.common.TopicPartition(
                                record.topic(), java.util.Objects.requireNonNull(record.partition())),
                        since,
                        event.getIdentifier());
        return Boolean.TRUE.equals(there);
    }

    private PublishedTail tail() {
        PublishedTail current = tail;
        if (current == null) {
            current = new PublishedTail(bootstrapServers, serviceName + "-relay-tail", tailCheckLimit);
            tail = current;
        }
        return current;
    }

    /**
     * Axon's tracker status listener: a segment this instance now holds may have been worked by another until it died,
     * so what was stored until now is checked against Kafka before it is sent.
     */
    public void trackerChanged(Map<Integer, EventTrackerStatus> changes) {
        boolean added = false;
        for (EventTrackerStatus status : changes.values()) {
            if (status.trackerAdded()) {
                claimedSegments++;
                added = true;
            } else if (status.trackerRemoved()) {
                claimedSegments = Math.max(0, claimedSegments - 1);
            }
        }
        if (added) {
            doubtUntilNow();
        }
    }

    private void doubtUntilNow() {
        checkBefore = Instant.now().plus(CLOCK_MARGIN);
        tailSince = null;
        PublishedTail current = tail;
        if (current != null) {
            current.forget();
        }
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
        ProducerRecord<String, byte[]> keyed = CloudEventRecords.record(
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
        return new ProducerRecord<>(
                keyed.topic(),
                partitionOf(keyed.topic(), keyed.key()),
                keyed.timestamp(),
                keyed.key(),
                keyed.value(),
                keyed.headers());
    }

    /** The partition Kafka's default partitioner gives a key (murmur2 of its bytes over the topic's partitions). */
    private int partitionOf(String topic, String key) {
        int partitions;
        try {
            partitions = producer().partitionsFor(topic).size();
        } catch (org.apache.kafka.common.KafkaException e) {
            markFailed();
            throw new RelayException("Kafka did not say how many partitions " + topic + " has", e);
        }
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                        key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % partitions;
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
        // records of the failed batch may be on Kafka although unacknowledged: check each before sending it again
        doubtUntilNow();
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

    /** Segments of the relay this instance holds (0 or 1: the relay runs on one replica at a time). */
    public int claimedSegments() {
        return claimedSegments;
    }

    /**
     * Events stored after the relay's position (the event store's highest index minus the relay's token index, so
     * gaps count), read at most every 5 s; empty when the database cannot be read.
     */
    public java.util.Optional<Long> backlog() {
        Backlog current = backlog;
        if (current == null || current.readAt().isBefore(Instant.now().minusSeconds(5))) {
            current = new Backlog(readBacklog(), Instant.now());
            backlog = current;
        }
        return java.util.Optional.ofNullable(current.events());
    }

    private @Nullable Long readBacklog() {
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement query = connection.prepareStatement(
                        "select (select coalesce(max(globalIndex), -1) from domainevententry),"
                                + " (select token from tokenentry where processorName = ? and token is not null"
                                + " order by segment limit 1)")) {
            query.setQueryTimeout(2);
            query.setString(1, dev.crm.platform.axon.AxonRuntime.RELAY_PROCESSOR);
            try (java.sql.ResultSet row = query.executeQuery()) {
                row.next();
                long head = row.getLong(1);
                byte[] token = row.getBytes(2);
                long relayed = token == null
                        ? -1
                        : EventJson.mapper().readTree(token).path("index").asLong(-1);
                return Math.max(0, head - relayed);
            }
        } catch (java.sql.SQLException | java.io.IOException e) {
            LOG.debugf(e, "Cannot read the relay's backlog");
            return null;
        }
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

    @jakarta.annotation.PostConstruct
    void registerGauges() {
        io.micrometer.core.instrument.Gauge.builder("crm.relay.healthy", this, relay -> relay.healthy ? 1 : 0)
                .description("1 while the relay's last batch was acknowledged by Kafka (or none failed), else 0")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("crm.relay.segments", this, relay -> relay.claimedSegments)
                .description("Relay segments this instance holds: summed over a service's replicas, 1")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder(
                        "crm.relay.backlog",
                        this,
                        relay -> relay.backlog().map(Long::doubleValue).orElse(Double.NaN))
                .description("Events stored and not yet published (store head minus the relay's position)")
                .register(registry);
    }

    private synchronized Meters meters() {
        if (lag == null) {
            lag = histogram("crm.relay.lag", "From event stored to Kafka acknowledgement");
            pickup = histogram("crm.relay.pickup", "From event stored to handled by the relay (before the send)");
            published = Counter.builder("crm.relay.published")
                    .description("Events acknowledged by Kafka")
                    .register(registry);
            skipped = Counter.builder("crm.relay.skipped")
                    .description("Events found already on Kafka after a failure or a takeover, not sent again")
                    .register(registry);
        }
        return new Meters(
                java.util.Objects.requireNonNull(lag),
                java.util.Objects.requireNonNull(pickup),
                java.util.Objects.requireNonNull(published),
                java.util.Objects.requireNonNull(skipped));
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
        PublishedTail current = tail;
        if (current != null) {
            current.close();
        }
    }

    private record Pending(Future<RecordMetadata> ack, Instant storedAt) {}

    private record Meters(Timer lag, Timer pickup, Counter published, Counter skipped) {}

    private record Backlog(@Nullable Long events, Instant readAt) {}

    public static class RelayException extends RuntimeException {
        RelayException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }
}

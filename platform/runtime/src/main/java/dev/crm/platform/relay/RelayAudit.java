package dev.crm.platform.relay;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.EventCatalog;
import dev.crm.events.v1.EventType;
import dev.crm.platform.axon.AxonRuntime;
import dev.crm.platform.axon.EventJson;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jspecify.annotations.Nullable;

/**
 * Compares the event store with the topics: every event the relay has passed (up to its token, less the gaps it still
 * waits for) must be on its topic, as a record of its aggregate with its sequence. Names the events that are not, per
 * aggregate; {@code crm.relay.audit.missing} holds the last audit's count. Reads the service's topics from the start:
 * an operator's command, not a probe.
 */
@ApplicationScoped
public class RelayAudit {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "crm.service.name")
    String serviceName;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    private volatile @Nullable Result last;

    /** One aggregate's events stored and passed by the relay but not on its topic. */
    public record Missing(String aggregateId, String topic, List<Long> sequences) {}

    /**
     * {@code checked}: events the relay passed; {@code backlog}: events after its position (not yet due); {@code
     * records}: records read from the topics; {@code missing}: per aggregate, at most 1,000 aggregates named.
     */
    public record Result(
            Instant at,
            long checked,
            long backlog,
            long records,
            long missingEvents,
            List<Missing> missing,
            long tookMillis) {}

    @PostConstruct
    void registerGauges() {
        Gauge.builder("crm.relay.audit.missing", this, audit -> {
                    Result result = audit.last;
                    return result == null ? Double.NaN : result.missingEvents();
                })
                .description("Events the relay passed that the last relay audit did not find on their topic")
                .register(registry);
    }

    public @Nullable Result last() {
        return last;
    }

    public synchronized Result run() {
        long started = System.nanoTime();
        Position position = relayPosition();
        Map<String, Expected> expected = new HashMap<>();
        long checked = 0;
        long backlog = 0;
        Map<String, String> topicOfType = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a cursor: the store is read in pages, not held in memory at once
            try (PreparedStatement select = c.prepareStatement("select globalIndex, aggregateIdentifier,"
                    + " sequenceNumber, payloadType from domainevententry order by globalIndex")) {
                select.setFetchSize(5_000);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        long index = rs.getLong(1);
                        if (index > position.index() || position.gaps().contains(index)) {
                            backlog++;
                            continue;
                        }
                        checked++;
                        String topic = topicOfType.computeIfAbsent(rs.getString(4), RelayAudit::topicOf);
                        expected.computeIfAbsent(rs.getString(2), id -> new Expected(topic, new TreeSet<>()))
                                .sequences()
                                .add(rs.getLong(3));
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the event store for the relay audit", e);
        }
        long records = readTopics(new HashSet<>(topicOfType.values()), expected);
        List<Missing> missing = new ArrayList<>();
        long missingEvents = 0;
        for (Map.Entry<String, Expected> e : expected.entrySet()) {
            if (!e.getValue().sequences().isEmpty()) {
                missingEvents += e.getValue().sequences().size();
                if (missing.size() < 1_000) {
                    missing.add(new Missing(
                            e.getKey(),
                            e.getValue().topic(),
                            List.copyOf(e.getValue().sequences())));
                }
            }
        }
        Result result = new Result(
                Instant.now(),
                checked,
                backlog,
                records,
                missingEvents,
                missing,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        last = result;
        return result;
    }

    private record Expected(String topic, Set<Long> sequences) {}

    private record Position(long index, Set<Long> gaps) {}

    private static String topicOf(String payloadType) {
        try {
            Class<?> type =
                    Class.forName(payloadType, false, Thread.currentThread().getContextClassLoader());
            return EventCatalog.forClass(type).map(EventType::topic).orElseThrow();
        } catch (ClassNotFoundException | java.util.NoSuchElementException e) {
            throw new IllegalStateException("No topic for stored events of type " + payloadType, e);
        }
    }

    /** The relay's token: the index it reached and the gaps below it it still waits for. */
    private Position relayPosition() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select token from tokenentry where processorName = ?"
                        + " and token is not null order by segment limit 1")) {
            select.setString(1, AxonRuntime.RELAY_PROCESSOR);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return new Position(-1, Set.of());
                }
                var token = EventJson.mapper().readTree(rs.getBytes(1));
                Set<Long> gaps = new HashSet<>();
                token.path("gaps").forEach(gap -> gaps.add(gap.asLong()));
                return new Position(token.path("index").asLong(-1), gaps);
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("Cannot read the relay's position", e);
        }
    }

    /** Reads the topics to their current end, striking every (aggregate, sequence) found; answers the records read. */
    private long readTopics(Set<String> topics, Map<String, Expected> expected) {
        long records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                TopicReader.open(bootstrapServers, serviceName + "-relay-audit", 5000)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Set<TopicPartition> open = new HashSet<>();
            for (TopicPartition p : partitions) {
                if (consumer.position(p, Duration.ofSeconds(10)) < end.getOrDefault(p, 0L)) {
                    open.add(p);
                }
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The relay audit could not read " + open + " to its end in 10 min");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    TopicPartition p = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.getOrDefault(p, 0L)) {
                        continue;
                    }
                    records++;
                    String subject = TopicReader.header(record, CloudEventHeaders.SUBJECT);
                    String sequence = TopicReader.header(record, CloudEventHeaders.SEQUENCE);
                    Expected of = subject == null ? null : expected.get(subject);
                    if (of != null && sequence != null) {
                        of.sequences().remove(Long.parseLong(sequence));
                    }
                }
                open.removeIf(p -> consumer.position(p) >= end.getOrDefault(p, 0L));
            }
        }
        return records;
    }
}

package dev.crm.platform.messaging;

import dev.crm.platform.domain.DomainException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One consumer group's poll loop on its own thread. Each poll is applied in one transaction (inbox + effects); if
 * that fails, its records are applied one by one so that a single bad record cannot hold back the good ones.
 * Offsets are committed only after the records' effects committed (or the records were dead-lettered).
 */
final class ConsumerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final EventConsumer consumer;
    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final Properties config;
    private final int maxAttempts;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> kafka;

    ConsumerLoop(EventConsumer consumer, Inbox inbox, DeadLetters deadLetters, String bootstrapServers, int maxAttempts) {
        this.consumer = consumer;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.maxAttempts = maxAttempts;
        this.config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, consumer.group());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, consumer.group());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    }

    @Override
    public void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> k = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                kafka = k;
                k.subscribe(consumer.topics());
                while (running) {
                    ConsumerRecords<String, byte[]> records = k.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        k.commitSync(process(records));
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (Exception e) {
                if (running) {
                    // uncommitted records are polled again by the new consumer; the inbox drops what was applied
                    LOG.errorf(e, "Consumer %s failed; restarting in 2 s", consumer.group());
                    sleep(2000);
                }
            }
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> process(ConsumerRecords<String, byte[]> records) throws Exception {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        records.forEach(all::add);
        List<Parsed> parsed = new ArrayList<>(all.size());
        for (ConsumerRecord<String, byte[]> record : all) {
            try {
                parsed.add(new Parsed(record, ConsumedEvent.from(record)));
            } catch (PoisonMessageException e) {
                deadLetters.park(consumer.group(), record, e);
            }
        }
        try {
            List<ConsumedEvent> applied = QuarkusTransaction.requiringNew().call(() -> applyAll(parsed));
            consumer.afterCommit(applied);
        } catch (Exception batchFailure) {
            LOG.debugf(batchFailure, "Batch of %d failed for %s; applying one by one", parsed.size(), consumer.group());
            for (Parsed p : parsed) {
                applyOneWithRetries(p);
            }
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : all) {
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        return offsets;
    }

    private List<ConsumedEvent> applyAll(List<Parsed> parsed) throws Exception {
        List<ConsumedEvent> applied = new ArrayList<>(parsed.size());
        for (Parsed p : parsed) {
            if (consumer.wants(p.event()) && inbox.firstDelivery(consumer.group(), p.event())) {
                consumer.handle(p.event());
                applied.add(p.event());
            }
        }
        return applied;
    }

    private void applyOneWithRetries(Parsed p) throws Exception {
        long backoff = 100;
        for (int attempt = 1; running; attempt++) {
            try {
                List<ConsumedEvent> applied = QuarkusTransaction.requiringNew().call(() -> applyAll(List.of(p)));
                consumer.afterCommit(applied);
                return;
            } catch (Exception e) {
                Throwable cause = rootCause(e);
                boolean poison = isPoison(e);
                boolean connectivity = isConnectivity(e);
                if (poison || (attempt >= maxAttempts && !connectivity)) {
                    deadLetters.park(consumer.group(), p.record(), poison ? cause : e);
                    return;
                }
                LOG.warnf("Consumer %s: attempt %d on %s failed (%s); retrying", consumer.group(), attempt, p.event().id(), cause);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    private static boolean isPoison(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PoisonMessageException || t instanceof DomainException
                    || t instanceof jakarta.validation.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectivity(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof PoisonMessageException || t instanceof DomainException) {
                return t;
            }
            t = t.getCause();
        }
        return t;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> k = kafka;
        if (k != null) {
            k.wakeup();
        }
    }

    private record Parsed(ConsumerRecord<String, byte[]> record, ConsumedEvent event) {
    }
}

package dev.crm.platform.relay;

import dev.crm.events.v1.CloudEventHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The event ids already on a partition since a given time, read back from its tail: what the relay checks before it
 * sends an event again that an earlier attempt (a batch whose acknowledgement timed out, a replica killed after
 * sending) may have appended. Repair records do not count: they repeat an event on purpose. Reads at most
 * {@code limit} records per partition; beyond that it says it does not know, and the consumers' own deduplication on
 * {@code ce_id} remains.
 */
final class PublishedTail implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PublishedTail.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final int limit;
    private final Map<TopicPartition, Set<String>> ids = new HashMap<>();

    PublishedTail(String bootstrapServers, String clientId, int limit) {
        this.consumer = TopicReader.open(bootstrapServers, clientId, 2000);
        this.limit = limit;
    }

    /**
     * Whether an event with this id is on the partition among the records written since {@code since}; null when the
     * partition holds more than the limit since then (unknown).
     */
    @org.jspecify.annotations.Nullable
    Boolean contains(TopicPartition partition, Instant since, String eventId) {
        Set<String> known = ids.get(partition);
        if (known == null && !ids.containsKey(partition)) {
            known = read(partition, since);
            ids.put(partition, known);
        }
        return known == null ? null : known.contains(eventId);
    }

    private @org.jspecify.annotations.Nullable Set<String> read(TopicPartition partition, Instant since) {
        List<TopicPartition> one = List.of(partition);
        consumer.assign(one);
        long end = java.util.Objects.requireNonNull(consumer.endOffsets(one).get(partition), "end offset");
        OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(partition, since.toEpochMilli()))
                .get(partition);
        Set<String> found = new HashSet<>();
        if (from == null || from.offset() >= end) {
            return found;
        }
        if (end - from.offset() > limit) {
            LOG.warnf(
                    "%s holds %d records since %s, more than %d: events re-sent there are left to the consumers'"
                            + " deduplication",
                    partition, end - from.offset(), since, limit);
            return null;
        }
        consumer.seek(partition, from.offset());
        long position = from.offset();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (position < end) {
            if (System.nanoTime() > deadline) {
                throw new KafkaEventRelay.RelayException(
                        "Could not read back " + partition + " to check what is already there; the batch is retried",
                        null);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                if (record.offset() < end && TopicReader.header(record, CloudEventHeaders.REPAIR) == null) {
                    String id = TopicReader.header(record, CloudEventHeaders.ID);
                    if (id != null) {
                        found.add(id);
                    }
                }
            }
            position = consumer.position(partition);
        }
        return found;
    }

    /** Forgets what was read: the next check reads the partitions again. */
    void forget() {
        ids.clear();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}

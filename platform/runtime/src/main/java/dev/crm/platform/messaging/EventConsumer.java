package dev.crm.platform.messaging;

import java.util.List;
import java.util.Set;

/**
 * A consumer of CRM topics. Every CDI bean implementing it gets its own consumer group and thread. Delivery is
 * at-least-once; {@link #handle} runs inside the transaction that records the event id in the inbox, so its database
 * effect (a read model row, an Axon command's events) commits exactly once per event id.
 */
public interface EventConsumer {

    /** The Kafka consumer group, also the inbox partition and part of the dead-letter topic's name. */
    String group();

    Set<String> topics();

    /**
     * Applies one event. Called only for ids not seen before by this group. Throw {@link PoisonMessageException}
     * (or let a {@link dev.crm.platform.domain.DomainException} through) for an event that can never be handled: it
     * goes to the dead-letter topic. Any other exception is retried first.
     */
    void handle(ConsumedEvent event) throws Exception;

    /**
     * Whether this consumer acts on the event at all. Events it does not want are skipped without an inbox entry,
     * so that a consumer interested in one event type of a busy topic does not write a row for every record.
     */
    default boolean wants(ConsumedEvent event) {
        return true;
    }

    /** Called after the transaction holding {@code events} committed (e.g. to wake read-your-writes waiters). */
    default void afterCommit(List<ConsumedEvent> events) {
    }
}

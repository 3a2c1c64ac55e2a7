package dev.crm.lead.importing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Keeps an import at most {@code batchesAhead} batches ahead of the lead list: after each batch it waits until the
 * list shows the last lead of the batch that many batches back. Lists then show an import's leads within seconds, and
 * the import cannot pile up events faster than the service applies them; while it does, the list queries that share
 * the machine with that work go slow. The wait is bounded per batch, and skipped while the events cannot reach
 * Kafka (the list cannot catch up then, and the import must go on).
 */
final class ListPacing {

    private static final Logger LOG = Logger.getLogger(ListPacing.class);
    private static final long FIRST_POLL_MILLIS = 5;
    private static final long MAX_POLL_MILLIS = 100;

    private final int batchesAhead;
    private final Duration maxWait;
    private final Predicate<String> shown;
    private final BooleanSupplier relayHealthy;
    private final Deque<String> lastOfEachBatch = new ArrayDeque<>();
    private long waitedNanos;

    /** {@code batchesAhead} 0: no pacing. {@code shown}: whether the lead list shows the lead of that id. */
    ListPacing(int batchesAhead, Duration maxWait, Predicate<String> shown, BooleanSupplier relayHealthy) {
        this.batchesAhead = batchesAhead;
        this.maxWait = maxWait;
        this.shown = shown;
        this.relayHealthy = relayHealthy;
    }

    /** After a batch committed: {@code lastLeadId}, its last lead (null for a batch that created none). */
    void committed(String lastLeadId) throws InterruptedException {
        if (batchesAhead <= 0 || lastLeadId == null) {
            return;
        }
        lastOfEachBatch.addLast(lastLeadId);
        if (lastOfEachBatch.size() <= batchesAhead) {
            return;
        }
        String awaited = lastOfEachBatch.removeFirst();
        long start = System.nanoTime();
        long deadline = start + maxWait.toNanos();
        long poll = FIRST_POLL_MILLIS;
        while (relayHealthy.getAsBoolean() && !shown.test(awaited)) {
            if (System.nanoTime() >= deadline) {
                LOG.debugf("lead %s not in the list after %d ms; the import goes on", awaited, maxWait.toMillis());
                break;
            }
            Thread.sleep(poll);
            poll = Math.min(poll * 2, MAX_POLL_MILLIS);
        }
        waitedNanos += System.nanoTime() - start;
    }

    /** The time spent waiting for the list so far. */
    Duration waited() {
        return Duration.ofNanos(waitedNanos);
    }
}

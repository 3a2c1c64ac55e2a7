package dev.crm.platform.query;

import dev.crm.platform.relay.KafkaEventRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Read-your-writes for the read models: a command's response waits (briefly) until this service's own projection has
 * applied the version the command produced, so that the caller's next list or search shows it. Projections report the
 * versions they committed; the wait is skipped while the relay cannot reach Kafka (commands must not hang then).
 */
@ApplicationScoped
public class ProjectionProgress {

    private static final int REMEMBERED = 50_000;

    @Inject
    KafkaEventRelay relay;

    @ConfigProperty(name = "crm.read-your-writes.timeout", defaultValue = "PT2S")
    Duration timeout;

    private final Map<String, Long> reached = java.util.Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    });
    private final Map<String, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();

    /** Called by a projection after the transaction that applied {@code version} of {@code aggregateId} committed. */
    public void reached(String aggregateId, long version) {
        reached.merge(aggregateId, version, Math::max);
        CompletableFuture<Void> waiter = waiters.get(aggregateId);
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    /** Blocks until the projection shows {@code version} of the aggregate; true if it did within the timeout. */
    public boolean await(String aggregateId, long version) {
        if (!relay.isHealthy()) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (reached.getOrDefault(aggregateId, 0L) < version) {
            CompletableFuture<Void> waiter = waiters.computeIfAbsent(aggregateId, id -> new CompletableFuture<>());
            if (reached.getOrDefault(aggregateId, 0L) >= version) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                waiter.get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (Exception e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waiters.remove(aggregateId, waiter);
            }
        }
        return true;
    }
}

package dev.crm.platform.query;

import dev.crm.platform.relay.KafkaEventRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Read-your-writes for the read models: a command's response waits (briefly) until this service's own projection has
 * applied the version the command produced, so that the caller's next list or search shows it. Projections report the
 * versions they committed. The wait is a future, not a blocked thread: a request thread is free while its response
 * waits for Kafka and the projection. It is skipped while the relay cannot reach Kafka (commands must not hang then).
 *
 * <p>With replicas, the partition of the caller's record may be projected by another instance: then no report comes
 * here, and the wait also reads the version the read model stored ({@code crm_stream_position} of the projection's
 * consumer group, {@code crm.read-your-writes.consumer-group}), first after {@code crm.read-your-writes.poll-after}
 * and then at that interval, until it shows the version or the timeout passes.
 */
@ApplicationScoped
public class ProjectionProgress {

    private static final int REMEMBERED = 50_000;

    @Inject
    KafkaEventRelay relay;

    @ConfigProperty(name = "crm.read-your-writes.timeout", defaultValue = "PT2S")
    Duration timeout;

    @ConfigProperty(name = "crm.read-your-writes.consumer-group")
    java.util.Optional<String> consumerGroup;

    @ConfigProperty(name = "crm.read-your-writes.poll-after", defaultValue = "PT0.1S")
    Duration pollAfter;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private final java.util.concurrent.ScheduledExecutorService polls =
            Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "read-your-writes-poll");
                thread.setDaemon(true);
                return thread;
            });

    private final Map<String, Long> reached = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    });
    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    /** Responses resume here, not on the consumer thread that reported progress (it has the next records to apply). */
    private final Executor responses = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "read-your-writes");
        thread.setDaemon(true);
        return thread;
    });

    private record Waiter(long version, CompletableFuture<Boolean> done) {}

    /** Called by a projection after the transaction that applied {@code version} of {@code aggregateId} committed. */
    public void reached(String aggregateId, long version) {
        long now = reached.merge(aggregateId, version, Math::max);
        List<CompletableFuture<Boolean>> ready = new ArrayList<>();
        waiters.computeIfPresent(aggregateId, (id, list) -> {
            list.removeIf(w -> w.version() <= now && ready.add(w.done()));
            return list.isEmpty() ? null : list;
        });
        // completed outside the map's lock
        ready.forEach(done -> done.completeAsync(() -> true, responses));
    }

    /** Called by a projection after the transaction that applied {@code events} committed. */
    public void reached(List<dev.crm.platform.messaging.ConsumedEvent> events) {
        for (dev.crm.platform.messaging.ConsumedEvent event : events) {
            event.version().ifPresent(version -> reached(event.subject(), version));
        }
    }

    /**
     * Completes with true once the projection shows {@code version} of the aggregate, or with false after the
     * timeout (or at once while the relay is down): the caller answers either way, the command is committed.
     */
    public CompletionStage<Boolean> whenReached(String aggregateId, long version) {
        if (shown(aggregateId, version)) {
            return CompletableFuture.completedFuture(counted("shown", true));
        }
        if (!relay.isHealthy()) {
            return CompletableFuture.completedFuture(counted("skipped", false));
        }
        Waiter waiter = new Waiter(version, new CompletableFuture<>());
        waiters.compute(aggregateId, (id, list) -> {
            List<Waiter> next = list == null ? new ArrayList<>() : list;
            next.add(waiter);
            return next;
        });
        // the projection may have reported between the first check and the registration
        if (shown(aggregateId, version)) {
            reached(aggregateId, version);
        }
        consumerGroup.ifPresent(group -> pollStored(group, aggregateId, waiter));
        waiter.done()
                .completeOnTimeout(false, timeout.toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((ok, error) -> waiters.computeIfPresent(aggregateId, (id, list) -> {
                    list.remove(waiter);
                    return list.isEmpty() ? null : list;
                }));
        return waiter.done().thenApply(ok -> counted(ok ? "shown" : "timeout", ok));
    }

    /** Blocking form of {@link #whenReached}, for callers that are on a worker thread anyway. */
    public boolean await(String aggregateId, long version) {
        return whenReached(aggregateId, version).toCompletableFuture().join();
    }

    /** Reads the stored version after pollAfter, then every pollAfter, while the waiter waits. */
    private void pollStored(String group, String aggregateId, Waiter waiter) {
        polls.schedule(
                () -> {
                    if (waiter.done().isDone()) {
                        return;
                    }
                    pool.preparedQuery(
                                    "select version from crm_stream_position where consumer_group = $1 and subject = $2")
                            .execute(io.vertx.mutiny.sqlclient.Tuple.of(group, aggregateId))
                            .subscribe()
                            .with(
                                    rows -> {
                                        var it = rows.iterator();
                                        if (it.hasNext() && it.next().getLong(0) >= waiter.version()) {
                                            reached(aggregateId, waiter.version());
                                        } else {
                                            pollStored(group, aggregateId, waiter);
                                        }
                                    },
                                    failure -> pollStored(group, aggregateId, waiter));
                },
                pollAfter.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /**
     * {@code crm_read_your_writes_total}: shown (the answer waited until the lists show the write), timeout (answered
     * after crm.read-your-writes.timeout without it), skipped (the relay could not publish). Timeouts that rise mean
     * the projections fall behind.
     */
    private boolean counted(String outcome, boolean shown) {
        registry.counter("crm.read.your.writes", "outcome", outcome).increment();
        return shown;
    }

    private boolean shown(String aggregateId, long version) {
        return reached.getOrDefault(aggregateId, 0L) >= version;
    }
}

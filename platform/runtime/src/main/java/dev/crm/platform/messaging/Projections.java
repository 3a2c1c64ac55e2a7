package dev.crm.platform.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Applies a batch of records to a read model from a SmallRye {@code @Incoming} method with {@code batch=true}, on
 * Hibernate Reactive: the inbox rows and the read-model changes of the whole batch commit in one reactive
 * transaction, then the batch is acknowledged. If that transaction fails for a reason other than a transient one, the
 * records are applied one by one, so that one bad record cannot hold back the others; those that still fail, and the
 * malformed ones, are nacked to the channel's dead-letter topic. Transient failures (database unreachable, deadlock)
 * are retried with backoff for as long as they last, never dead-lettered.
 */
@ApplicationScoped
public class Projections {

    private static final Logger LOG = Logger.getLogger(Projections.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** A read model's change for the events its group has not seen; runs inside the reactive transaction. */
    @FunctionalInterface
    public interface Step {
        Uni<Void> apply(List<ConsumedEvent> events);
    }

    /** A step that applies each event on its own, in order (replicas: one row per event). */
    public static Step each(java.util.function.Function<ConsumedEvent, Uni<Void>> apply) {
        return events -> Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> apply.apply(event))
                .collect().last().replaceWithVoid();
    }

    @Inject
    Inbox inbox;
    @Inject
    Config config;

    /**
     * {@code wanted}: the event classes (or interfaces) this read model uses; records of other types are passed over
     * without being parsed and without an inbox row. {@code afterCommit}: told of the events whose change committed
     * (read-your-writes). The answer never fails: the batch is acknowledged once every record is applied or
     * dead-lettered.
     */
    public Uni<Void> apply(String channel, KafkaRecordBatch<String, byte[]> batch, Collection<Class<?>> wanted,
                           Step step, Consumer<List<ConsumedEvent>> afterCommit) {
        String group = Reactions.group(config, channel);
        Context context = Vertx.currentContext();
        List<ConsumedEvent> events = new ArrayList<>();
        Map<ConsumedEvent, KafkaRecord<String, byte[]>> records = new IdentityHashMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            if (!KafkaRecords.mayBeWanted(KafkaRecords.record(record), wanted)) {
                continue;
            }
            try {
                ConsumedEvent event = ConsumedEvent.from(KafkaRecords.record(record));
                if (event.payload().filter(p -> wanted.stream().anyMatch(w -> w.isInstance(p))).isPresent()) {
                    events.add(event);
                    records.put(event, record);
                }
            } catch (PoisonMessageException e) {
                deadLetters.add(new DeadLetter(record, e));
            }
        }
        Uni<Void> applied = events.isEmpty() ? Uni.createFrom().voidItem()
                : retrying(context, channel, () -> transaction(group, events, step))
                .invoke(afterCommit)
                .replaceWithVoid()
                .onFailure(f -> !(f instanceof LeftForNextStart)).recoverWithUni(failure -> {
                    LOG.debugf(failure, "%s: batch of %d failed; applying one by one", channel, events.size());
                    return oneByOne(context, channel, group, events, step, afterCommit, records, deadLetters);
                });
        return applied
                .onFailure(LeftForNextStart.class).recoverWithUni(stopped -> {
                    // neither acknowledged nor dead-lettered: the offsets stay, the next start applies them
                    LOG.infof("%s: %d records left for the next start (the service is stopping)", channel,
                            batch.getRecords().size());
                    return Uni.createFrom().nothing();
                })
                .chain(() -> Multi.createFrom().iterable(deadLetters)
                        .onItem().transformToUniAndConcatenate(dead -> Uni.createFrom()
                                .completionStage(() -> KafkaRecords.deadLetter(dead.record(), group, dead.reason())))
                        .collect().last())
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    private Uni<Void> oneByOne(Context context, String channel, String group, List<ConsumedEvent> events, Step step,
                               Consumer<List<ConsumedEvent>> afterCommit,
                               Map<ConsumedEvent, KafkaRecord<String, byte[]>> records, List<DeadLetter> deadLetters) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> retrying(context, channel,
                        () -> transaction(group, List.of(event), step))
                        .invoke(afterCommit)
                        .replaceWithVoid()
                        .onFailure(f -> !(f instanceof LeftForNextStart)).recoverWithItem(failure -> {
                            Throwable reason = Failures.reason(failure);
                            LOG.warnf("%s: %s (%s) cannot be applied: %s", channel, event.id(), event.type(), reason);
                            deadLetters.add(new DeadLetter(records.get(event), Failures.isPoison(failure)
                                    ? new PoisonMessageException(reason.getMessage(), failure) : failure));
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

    private Uni<List<ConsumedEvent>> transaction(String group, List<ConsumedEvent> events, Step step) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> inbox.firstDeliveries(session, group, events))
                .call(fresh -> fresh.isEmpty() ? Uni.createFrom().voidItem() : step.apply(fresh)));
    }

    /** Retries transient failures on the message's Vert.x context (Hibernate Reactive must stay on it). */
    private static <T> Uni<T> retrying(Context context, String channel, Supplier<Uni<T>> attempt) {
        return retrying(context, channel, attempt, FIRST_BACKOFF);
    }

    private static <T> Uni<T> retrying(Context context, String channel, Supplier<Uni<T>> attempt, Duration backoff) {
        return Uni.createFrom().deferred(() -> attempt.get())
                .onFailure(Failures::isTransient).recoverWithUni(failure -> {
                    if (stopping) {
                        return Uni.createFrom().failure(new LeftForNextStart(failure));
                    }
                    LOG.warnf("%s: transient failure (%s); retried after %d ms", channel, Failures.reason(failure),
                            backoff.toMillis());
                    Duration next = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    return Uni.createFrom().<Void>emitter(emitter -> context.owner().setTimer(backoff.toMillis(),
                                    timer -> context.runOnContext(ignored -> emitter.complete(null))))
                            .chain(() -> retrying(context, channel, attempt, next));
                });
    }

    private record DeadLetter(KafkaRecord<String, byte[]> record, Throwable reason) {
    }

    /** A transient failure met while the service stops: the records are left for the next start, never dead-lettered. */
    static final class LeftForNextStart extends RuntimeException {
        LeftForNextStart(Throwable cause) {
            super("left for the next start", cause, false, false);
        }
    }

    private static volatile boolean stopping;

    /** First of the shutdown: from now on a transient failure ends the retries instead of waiting out the stop. */
    void stopping(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
    }

    /** Tests start the application again in the same JVM. */
    void started(@Observes StartupEvent event) {
        stopping = false;
    }
}

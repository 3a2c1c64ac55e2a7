package dev.crm.platform.messaging;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.CrmEvent;
import dev.crm.events.v1.EventCatalog;
import dev.crm.events.v1.EventType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Runs a reaction (a consumer that sends Axon commands) on one record of a SmallRye {@code @Incoming} channel, on a
 * worker thread (the append is blocking JDBC): the inbox row and the events the commands append commit in one JTA transaction, and the record is
 * acknowledged (so its offset may be committed) only after that commit. Poison and domain refusals are nacked with a
 * {@link PoisonMessageException}: the channel's dead-letter-queue failure strategy parks the record with the reason. Transient failures (database unreachable, deadlock, concurrent modification) are retried with backoff
 * for as long as they last; other failures a few times, then dead-lettered.
 */
@ApplicationScoped
public class Reactions {

    private static final Logger LOG = Logger.getLogger(Reactions.class);

    /** A reaction's effect on one event; runs inside the transaction. */
    @FunctionalInterface
    public interface Handler {
        void handle(ConsumedEvent event) throws Exception;
    }

    @Inject
    Inbox inbox;
    @Inject
    Config config;

    @ConfigProperty(name = "crm.consumers.max-attempts", defaultValue = "5")
    int maxAttempts;

    private volatile boolean stopping;

    /**
     * Handles a poll of {@code channel} (an {@code mp.messaging.incoming} channel with {@code batch=true}, whose
     * {@code group.id} keys the inbox), from a non-blocking {@code @Incoming} method that returns this. Records of
     * other event types are passed over on the event loop from their {@code ce_type} header alone, unparsed (most of a
     * busy topic is not for this reaction); the wanted ones are handled on a worker thread in the channel's order, in
     * one transaction for the poll, or one each when that fails (a bad record is dead-lettered alone). The batch is acknowledged once every record is applied or
     * dead-lettered; if the service stops while one waits for the database, nothing is acknowledged and the next
     * start reads the poll again (the inbox drops what was applied). Never fails.
     */
    public Uni<Void> apply(String channel, KafkaRecordBatch<String, byte[]> batch, Class<? extends CrmEvent> wanted,
                           Handler handler) {
        String wantedType = EventCatalog.forClass(wanted).map(EventType::ceType).orElseThrow(() ->
                new IllegalArgumentException(wanted + " is not in the event catalogue"));
        List<KafkaRecord<String, byte[]>> mine = batch.getRecords().stream().filter(record -> {
            String type = KafkaRecords.header(KafkaRecords.record(record), CloudEventHeaders.TYPE);
            return type == null || type.equals(wantedType); // no type at all: poison, for the dead-letter topic
        }).toList();
        if (mine.isEmpty()) {
            return Uni.createFrom().completionStage(batch::ack);
        }
        String group = group(config, channel);
        return Uni.createFrom().item(() -> {
                    if (allAtOnce(channel, group, mine, handler)) {
                        return true;
                    }
                    List<CompletionStage<Void>> deadLetters = new ArrayList<>();
                    for (KafkaRecord<String, byte[]> record : mine) {
                        Outcome outcome = handle(channel, group, record, handler);
                        if (outcome.deadLetter() != null) {
                            deadLetters.add(outcome.deadLetter());
                        } else if (!outcome.applied()) {
                            return false;
                        }
                    }
                    deadLetters.forEach(stage -> stage.toCompletableFuture().join());
                    return true;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(complete -> complete ? Uni.createFrom().completionStage(batch::ack) : Uni.createFrom().voidItem());
    }

    /**
     * The wanted records of a poll in one transaction (one commit for many qualifications). False when one of them is
     * malformed or fails for another reason than a transient one: the caller then applies them one by one, so that the
     * others still commit and the bad one is dead-lettered alone. A transient failure retries the whole poll.
     */
    private boolean allAtOnce(String channel, String group, List<KafkaRecord<String, byte[]>> records, Handler handler) {
        if (records.size() < 2) {
            return false;
        }
        List<ConsumedEvent> events = new ArrayList<>(records.size());
        try {
            for (KafkaRecord<String, byte[]> record : records) {
                events.add(ConsumedEvent.from(KafkaRecords.record(record)));
            }
        } catch (PoisonMessageException e) {
            return false;
        }
        long backoff = 100;
        while (true) {
            try {
                commit(group, events, handler);
                return true;
            } catch (RuntimeException e) {
                if (!Failures.isTransient(e) || stopping || !pause(backoff)) {
                    LOG.debugf(e, "%s: poll of %d failed together; applying one by one", channel, events.size());
                    return false;
                }
                LOG.warnf("%s: poll of %d failed (%s); retried after %d ms", channel, events.size(),
                        Failures.reason(e), backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    /** One transaction: for each event the group has not handled before, its inbox row and the handler's effect. */
    private void commit(String group, List<ConsumedEvent> events, Handler handler) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (ConsumedEvent event : events) {
                if (inbox.firstDelivery(group, event)) {
                    try {
                        handler.handle(event);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        });
    }

    /** A record's end: applied (or already applied), dead-lettered (once the stage completes), or left for later. */
    private record Outcome(boolean applied, CompletionStage<Void> deadLetter) {
        static final Outcome APPLIED = new Outcome(true, null);
        static final Outcome LEFT = new Outcome(false, null);

        static Outcome deadLettered(CompletionStage<Void> stage) {
            return new Outcome(false, stage);
        }
    }

    private Outcome handle(String channel, String group, Message<?> message, Handler handler) {
        ConsumedEvent event;
        try {
            event = ConsumedEvent.from(KafkaRecords.record(message));
        } catch (PoisonMessageException e) {
            return Outcome.deadLettered(KafkaRecords.deadLetter(message, group, e));
        }
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                commit(group, List.of(event), handler);
                return Outcome.APPLIED;
            } catch (RuntimeException e) {
                if (Failures.isPoison(e)) {
                    return Outcome.deadLettered(KafkaRecords.deadLetter(message, group,
                            new PoisonMessageException(Failures.reason(e).getMessage(), e)));
                }
                if (!Failures.isTransient(e) && attempt >= maxAttempts) {
                    LOG.errorf(e, "%s: %s (%s) failed %d times; dead-lettered", channel, event.id(), event.type(), attempt);
                    return Outcome.deadLettered(KafkaRecords.deadLetter(message, group, e));
                }
                if (stopping || !pause(backoff)) {
                    return Outcome.LEFT;
                }
                LOG.warnf("%s: attempt %d on %s (%s) failed (%s); retried after %d ms", channel, attempt, event.id(),
                        event.type(), Failures.reason(e), backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    static String group(Config config, String channel) {
        return config.getValue("mp.messaging.incoming." + channel + ".group.id", String.class);
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}

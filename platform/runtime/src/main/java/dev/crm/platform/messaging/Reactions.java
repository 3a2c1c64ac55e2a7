package dev.crm.platform.messaging;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.CrmEvent;
import dev.crm.events.v1.EventCatalog;
import dev.crm.events.v1.EventType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
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
     * Handles one record of {@code channel} (an {@code mp.messaging.incoming} channel whose {@code group.id} keys the
     * inbox), from a non-blocking {@code @Incoming} method that returns this: records of other event types are
     * acknowledged on the event loop without being parsed (a busy topic's other events cost next to nothing); the
     * wanted ones are handled on a worker thread, one after another in the channel's order. Never fails: the answer
     * completes once the record is acknowledged, or nacked to the dead-letter topic.
     */
    public Uni<Void> apply(String channel, Message<?> message, Class<? extends CrmEvent> wanted, Handler handler) {
        String type = header(KafkaRecords.record(message), CloudEventHeaders.TYPE);
        String wantedType = EventCatalog.forClass(wanted).map(EventType::ceType).orElseThrow(() ->
                new IllegalArgumentException(wanted + " is not in the event catalogue"));
        if (type != null && !type.equals(wantedType)) {
            return Uni.createFrom().completionStage(message::ack);
        }
        return Uni.createFrom().item(() -> handle(channel, message, handler))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(answer -> Uni.createFrom().completionStage(answer));
    }

    private CompletionStage<Void> handle(String channel, Message<?> message, Handler handler) {
        String group = group(config, channel);
        ConsumedEvent event;
        try {
            event = ConsumedEvent.from(KafkaRecords.record(message));
        } catch (PoisonMessageException e) {
            return KafkaRecords.deadLetter(message, group, e);
        }
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (inbox.firstDelivery(group, event)) {
                        try {
                            handler.handle(event);
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                return message.ack();
            } catch (RuntimeException e) {
                if (Failures.isPoison(e)) {
                    return KafkaRecords.deadLetter(message, group, new PoisonMessageException(Failures.reason(e).getMessage(), e));
                }
                if (!Failures.isTransient(e) && attempt >= maxAttempts) {
                    LOG.errorf(e, "%s: %s (%s) failed %d times; dead-lettered", channel, event.id(), event.type(), attempt);
                    return KafkaRecords.deadLetter(message, group, e);
                }
                if (stopping || !pause(backoff)) {
                    // neither acknowledged nor dead-lettered: the offset stays, the next start handles the record
                    return CompletableFuture.completedFuture(null);
                }
                LOG.warnf("%s: attempt %d on %s (%s) failed (%s); retried after %d ms", channel, attempt, event.id(),
                        event.type(), Failures.reason(e), backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
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

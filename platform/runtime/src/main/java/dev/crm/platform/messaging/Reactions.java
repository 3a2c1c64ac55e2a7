package dev.crm.platform.messaging;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.CrmEvent;
import dev.crm.events.v1.EventCatalog;
import dev.crm.events.v1.EventType;
import dev.crm.platform.messaging.FailurePolicy.LeftForNextStart;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Runs a reaction (a consumer that sends Axon commands) on the records of a SmallRye {@code @Incoming} channel, on a
 * worker thread (the append is blocking JDBC): the inbox row and the events the commands append commit in one JTA
 * transaction, and the record is acknowledged (so its offset may be committed) only after that commit. Failures follow
 * the {@link FailurePolicy}: poison and domain refusals go to the channel's dead-letter topic with a
 * {@link PoisonMessageException} and their reason; transient failures are retried with backoff for as long as they
 * last (up to the policy's horizon); unknown ones a few times, then dead-lettered.
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
    FailurePolicy policy;

    @Inject
    Config config;

    /**
     * Handles a poll of {@code channel} (an {@code mp.messaging.incoming} channel with {@code batch=true}, whose
     * {@code group.id} keys the inbox), from a non-blocking {@code @Incoming} method that returns this. Records of
     * other event types are passed over from their {@code ce_type} header alone, unparsed (most of a busy topic is not
     * for this reaction); the wanted ones are handled on a worker thread in the channel's order, in one transaction
     * for the poll, or one each when that fails (a bad record is dead-lettered alone). The batch is acknowledged once
     * every record is applied or dead-lettered; if the service stops while one waits for the database, nothing is
     * acknowledged and the next start reads the poll again (the inbox drops what was applied). Never fails.
     */
    public Uni<Void> apply(
            String channel, KafkaRecordBatch<String, byte[]> batch, Class<? extends CrmEvent> wanted, Handler handler) {
        return apply(channel, batch, java.util.Set.of(wanted), handler);
    }

    /** As {@link #apply(String, KafkaRecordBatch, Class, Handler)}, for a reaction to several event types. */
    public Uni<Void> apply(
            String channel,
            KafkaRecordBatch<String, byte[]> batch,
            java.util.Set<Class<? extends CrmEvent>> wanted,
            Handler handler) {
        java.util.Set<String> wantedTypes = wanted.stream()
                .map(type -> EventCatalog.forClass(type)
                        .map(EventType::ceType)
                        .orElseThrow(() -> new IllegalArgumentException(type + " is not in the event catalogue")))
                .collect(java.util.stream.Collectors.toSet());
        String group = group(config, channel);
        List<ConsumedEvent> events = new ArrayList<>();
        Map<ConsumedEvent, KafkaRecord<String, byte[]>> records = new IdentityHashMap<>();
        List<Uni<Void>> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            String type = KafkaRecords.header(KafkaRecords.record(record), CloudEventHeaders.TYPE);
            if (type != null && !wantedTypes.contains(type)) {
                continue;
            }
            try {
                ConsumedEvent event = ConsumedEvent.from(KafkaRecords.record(record));
                events.add(event);
                records.put(event, record);
            } catch (PoisonMessageException e) { // no type at all, or malformed
                deadLetters.add(deadLetter(record, group, e));
            }
        }
        Uni<Void> handled = events.isEmpty()
                ? Uni.createFrom().voidItem()
                : policy.retrying(channel + ": poll of " + events.size(), () -> commit(group, events, handler), false)
                        .onFailure(f -> !(f instanceof LeftForNextStart))
                        .recoverWithUni(failure -> {
                            if (Failures.isTransient(failure)) {
                                // still failing at the end of the retry horizon: parked with the reason, never dropped
                                events.forEach(event -> deadLetters.add(deadLetter(
                                        java.util.Objects.requireNonNull(records.get(event)), group, failure)));
                                return Uni.createFrom().voidItem();
                            }
                            LOG.debugf(
                                    failure,
                                    "%s: poll of %d failed together; applying one by one",
                                    channel,
                                    events.size());
                            return Multi.createFrom()
                                    .iterable(events)
                                    .onItem()
                                    .transformToUniAndConcatenate(event -> policy.retrying(
                                                    channel + ": " + event.id() + " (" + event.type() + ")",
                                                    () -> commit(group, List.of(event), handler),
                                                    true)
                                            .onFailure(f -> !(f instanceof LeftForNextStart))
                                            .recoverWithItem(f -> {
                                                Throwable reason = Failures.reason(f);
                                                LOG.errorf(
                                                        "%s: %s (%s) cannot be handled: %s",
                                                        channel, event.id(), event.type(), reason);
                                                deadLetters.add(deadLetter(
                                                        java.util.Objects.requireNonNull(records.get(event)),
                                                        group,
                                                        Failures.isPoison(f)
                                                                ? new PoisonMessageException(
                                                                        String.valueOf(reason.getMessage()), f)
                                                                : f));
                                                return null;
                                            }))
                                    .collect()
                                    .last()
                                    .replaceWithVoid();
                        });
        return handled.onFailure(LeftForNextStart.class)
                .recoverWithUni(stopped -> {
                    LOG.infof(
                            "%s: %d records left for the next start (the service is stopping)",
                            channel, batch.getRecords().size());
                    return Uni.createFrom().nothing();
                })
                .chain(() -> Multi.createFrom()
                        .iterable(deadLetters)
                        .onItem()
                        .transformToUniAndConcatenate(u -> u)
                        .collect()
                        .last())
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    private static Uni<Void> deadLetter(KafkaRecord<String, byte[]> record, String group, Throwable reason) {
        return Uni.createFrom()
                .completionStage(() -> KafkaRecords.deadLetter(record, group, reason))
                .memoize()
                .indefinitely();
    }

    /** One transaction on a worker thread: for each event the group has not handled before, its inbox row and the handler's effect. */
    private Uni<Void> commit(String group, List<ConsumedEvent> events, Handler handler) {
        return Uni.createFrom()
                .<Void>item(() -> {
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
                    return null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    static String group(Config config, String channel) {
        return config.getValue("mp.messaging.incoming." + channel + ".group.id", String.class);
    }
}

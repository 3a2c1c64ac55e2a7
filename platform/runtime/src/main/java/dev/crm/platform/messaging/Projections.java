package dev.crm.platform.messaging;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.platform.messaging.FailurePolicy.LeftForNextStart;
import dev.crm.platform.messaging.StreamSequence.Item;
import dev.crm.platform.messaging.StreamSequence.Plan;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.Config;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Applies a batch of records to a read model from a SmallRye {@code @Incoming} method with {@code batch=true}, on
 * Hibernate Reactive, in each record's order ({@link StreamSequence}): a version the read model holds is dropped, a
 * version beyond the next is parked until the ones before it arrive, and the first event of a repair makes the read
 * model forget the record and take it again. Positions, parked events and the read-model change of the whole batch
 * commit in one reactive transaction, then the batch is acknowledged. Failures follow the {@link FailurePolicy}: if
 * the batch fails for a reason other than a transient one, its records are applied one by one, so that one bad record
 * cannot hold back the others; those that still fail, and the malformed ones, go to the channel's dead-letter topic
 * with their reason (the record's later events then wait, parked, for it to be re-driven or repaired).
 */
@ApplicationScoped
public class Projections {

    private static final Logger LOG = Logger.getLogger(Projections.class);

    /** A read model fed by a projection. */
    public interface ReadModel {

        /** Applies the events in order (each record's versions follow one another); runs inside the transaction. */
        Uni<Void> apply(List<ConsumedEvent> events);

        /** Removes what the read model holds about these records: a repair is about to give it their events again. */
        Uni<Void> forget(Set<String> subjects);

        static ReadModel of(Function<List<ConsumedEvent>, Uni<Void>> apply, Function<Set<String>, Uni<Void>> forget) {
            return new ReadModel() {
                @Override
                public Uni<Void> apply(List<ConsumedEvent> events) {
                    return apply.apply(events);
                }

                @Override
                public Uni<Void> forget(Set<String> subjects) {
                    return forget.apply(subjects);
                }
            };
        }
    }

    /** Each event applied on its own, in order (replicas: one row per event). */
    public static Function<List<ConsumedEvent>, Uni<Void>> each(Function<ConsumedEvent, Uni<Void>> apply) {
        return events -> Multi.createFrom()
                .iterable(events)
                .onItem()
                .transformToUniAndConcatenate(event -> apply.apply(event))
                .collect()
                .last()
                .replaceWithVoid();
    }

    @Inject
    Inbox inbox;

    @Inject
    StreamPositions positions;

    @Inject
    FailurePolicy policy;

    @Inject
    Config config;

    @Inject
    MeterRegistry registry;

    /**
     * {@code wanted}: the event classes (or interfaces) this read model uses; records of other types only move its
     * position on, unparsed. {@code afterCommit}: told of the events whose change committed (read-your-writes). The
     * answer never fails: the batch is acknowledged once every record is applied, parked or dead-lettered.
     */
    public Uni<Void> apply(
            String channel,
            KafkaRecordBatch<String, byte[]> batch,
            Collection<Class<?>> wanted,
            ReadModel model,
            Consumer<List<ConsumedEvent>> afterCommit) {
        String group = Reactions.group(config, channel);
        Context context = Vertx.currentContext();
        Executor onContext = command -> context.runOnContext(ignored -> command.run());
        List<Item> items = new ArrayList<>();
        Map<Item, KafkaRecord<String, byte[]>> records = new IdentityHashMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            ConsumerRecord<String, byte[]> consumed = KafkaRecords.record(record);
            try {
                Item item;
                if (KafkaRecords.mayBeWanted(consumed, wanted)) {
                    ConsumedEvent event = ConsumedEvent.from(consumed);
                    item = new Item(
                            event,
                            event.payload()
                                    .filter(p -> wanted.stream().anyMatch(w -> w.isInstance(p)))
                                    .isPresent());
                } else {
                    item = unused(consumed);
                }
                if (item != null && (item.used() || item.event().sequence() != null)) {
                    items.add(item);
                    records.put(item, record);
                }
            } catch (PoisonMessageException e) {
                deadLetters.add(new DeadLetter(record, e));
            }
        }
        Uni<Void> applied = items.isEmpty()
                ? Uni.createFrom().voidItem()
                : policy.retrying(
                                channel + ": batch of " + items.size(),
                                () -> transaction(group, items, model).runSubscriptionOn(onContext),
                                false)
                        .invoke(afterCommit)
                        .replaceWithVoid()
                        .onFailure(f -> !(f instanceof LeftForNextStart))
                        .recoverWithUni(failure -> {
                            if (Failures.isTransient(failure)) {
                                // still failing at the end of the retry horizon: parked with the reason, never dropped
                                items.forEach(item -> deadLetters.add(
                                        new DeadLetter(java.util.Objects.requireNonNull(records.get(item)), failure)));
                                return Uni.createFrom().voidItem();
                            }
                            LOG.debugf(failure, "%s: batch of %d failed; applying one by one", channel, items.size());
                            return oneByOne(channel, group, items, model, afterCommit, onContext, records, deadLetters);
                        });
        return applied.onFailure(LeftForNextStart.class)
                .recoverWithUni(stopped -> {
                    // neither acknowledged nor dead-lettered: the offsets stay, the next start applies them
                    LOG.infof(
                            "%s: %d records left for the next start (the service is stopping)",
                            channel, batch.getRecords().size());
                    return Uni.createFrom().nothing();
                })
                .chain(() -> Multi.createFrom()
                        .iterable(deadLetters)
                        .onItem()
                        .transformToUniAndConcatenate(dead -> Uni.createFrom()
                                .completionStage(() -> KafkaRecords.deadLetter(dead.record(), group, dead.reason())))
                        .collect()
                        .last())
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    /** A record of a type the read model does not use: only its place in its record's stream counts. */
    private static @Nullable Item unused(ConsumerRecord<String, byte[]> record) {
        String id = KafkaRecords.header(record, CloudEventHeaders.ID);
        String type = KafkaRecords.header(record, CloudEventHeaders.TYPE);
        String subject = KafkaRecords.header(record, CloudEventHeaders.SUBJECT);
        String sequence = KafkaRecords.header(record, CloudEventHeaders.SEQUENCE);
        // not an event of a record's stream this consumer could place: it passes, as it always did
        if (id == null
                || type == null
                || subject == null
                || sequence == null
                || !sequence.trim().matches("\\d{1,18}")) {
            return null;
        }
        String time = KafkaRecords.header(record, CloudEventHeaders.TIME);
        Instant at;
        try {
            at = time == null ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(time);
        } catch (java.time.format.DateTimeParseException e) {
            at = Instant.ofEpochMilli(record.timestamp());
        }
        return new Item(
                new ConsumedEvent(
                        id,
                        type,
                        subject,
                        Long.parseLong(sequence.trim()),
                        at,
                        null,
                        null,
                        null,
                        KafkaRecords.header(record, CloudEventHeaders.REPAIR),
                        java.util.Optional.empty(),
                        record.topic(),
                        record.partition(),
                        record.offset()),
                false);
    }

    private Uni<Void> oneByOne(
            String channel,
            String group,
            List<Item> items,
            ReadModel model,
            Consumer<List<ConsumedEvent>> afterCommit,
            Executor onContext,
            Map<Item, KafkaRecord<String, byte[]>> records,
            List<DeadLetter> deadLetters) {
        return Multi.createFrom()
                .iterable(items)
                .onItem()
                .transformToUniAndConcatenate(item -> policy.retrying(
                                channel + ": " + item.event().id() + " ("
                                        + item.event().type() + ")",
                                () -> transaction(group, List.of(item), model).runSubscriptionOn(onContext),
                                true)
                        .invoke(afterCommit)
                        .replaceWithVoid()
                        .onFailure(f -> !(f instanceof LeftForNextStart))
                        .recoverWithItem(failure -> {
                            Throwable reason = Failures.reason(failure);
                            LOG.warnf(
                                    "%s: %s (%s) cannot be applied: %s",
                                    channel, item.event().id(), item.event().type(), reason);
                            deadLetters.add(new DeadLetter(
                                    java.util.Objects.requireNonNull(records.get(item)),
                                    Failures.isPoison(failure)
                                            ? new PoisonMessageException(String.valueOf(reason.getMessage()), failure)
                                            : failure));
                            return null;
                        }))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /**
     * One transaction: the inbox drops the event ids the group handled before (a repair's events pass it: they are
     * known by design); the records' positions (and their parked events where they have some) give the plan of what
     * to apply; then the read model's change and the new positions. Events without a sequence are applied as they
     * come, once. Answers the events applied.
     */
    private Uni<List<ConsumedEvent>> transaction(String group, List<Item> items, ReadModel model) {
        List<ConsumedEvent> checked = items.stream()
                .filter(item -> item.used() && item.event().repair() == null)
                .map(Item::event)
                .toList();
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> inbox.firstDeliveries(session, group, checked).chain(fresh -> {
                    Set<ConsumedEvent> first = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
                    first.addAll(fresh);
                    List<Item> sequenced = items.stream()
                            .filter(item -> item.event().sequence() != null
                                    && (!item.used() || item.event().repair() != null || first.contains(item.event())))
                            .toList();
                    Set<String> subjects =
                            sequenced.stream().map(Item::subject).collect(Collectors.toCollection(LinkedHashSet::new));
                    return (subjects.isEmpty()
                                    ? Uni.createFrom()
                                            .item(StreamSequence.plan(List.of(), Map.of(), Map.of(), Instant.MIN))
                                    : plan(session, group, subjects, sequenced))
                            .chain(plan -> {
                                List<ConsumedEvent> apply = new ArrayList<>(plan.apply);
                                items.stream()
                                        .map(Item::event)
                                        .filter(e -> e.sequence() == null && first.contains(e))
                                        .forEach(apply::add);
                                Uni<Void> forgotten =
                                        plan.forget.isEmpty() ? Uni.createFrom().voidItem() : model.forget(plan.forget);
                                return forgotten
                                        .chain(() -> apply.isEmpty()
                                                ? Uni.createFrom().voidItem()
                                                : model.apply(apply))
                                        .chain(() -> positions.save(session, group, plan))
                                        .invoke(() -> count(group, plan))
                                        .replaceWith(apply);
                            });
                })));
    }

    private Uni<Plan> plan(Mutiny.Session session, String group, Set<String> subjects, List<Item> sequenced) {
        return positions
                .since(session)
                .chain(since -> positions
                        .positions(session, group, subjects)
                        .chain(known -> positions
                                .parked(
                                        session,
                                        group,
                                        known.entrySet().stream()
                                                .filter(entry ->
                                                        entry.getValue().parked() > 0)
                                                .map(Map.Entry::getKey)
                                                .toList())
                                .map(parked -> StreamSequence.plan(sequenced, known, parked, since))));
    }

    private void count(String group, Plan plan) {
        if (!plan.park.isEmpty()) {
            plan.park.forEach(item -> LOG.warnf(
                    "%s: %s version %d (%s) parked until the versions before it arrive",
                    group, item.subject(), item.version(), item.event().type()));
            registry.counter("crm_consumer_parked_total", "group", group).increment(plan.park.size());
        }
        if (!plan.released.isEmpty()) {
            registry.counter("crm_consumer_released_total", "group", group).increment(plan.released.size());
        }
        if (!plan.forget.isEmpty()) {
            LOG.infof("%s: repairing %s", group, plan.forget);
        }
    }

    private record DeadLetter(KafkaRecord<String, byte[]> record, Throwable reason) {}
}

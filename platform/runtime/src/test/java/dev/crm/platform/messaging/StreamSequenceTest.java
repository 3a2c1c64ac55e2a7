package dev.crm.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crm.platform.messaging.StreamSequence.Item;
import dev.crm.platform.messaging.StreamSequence.Plan;
import dev.crm.platform.messaging.StreamSequence.Position;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Each record's events reach the read model one version after the other, whatever order they come in. */
class StreamSequenceTest {

    private static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant AFTER = SINCE.plusSeconds(60);

    private static Item event(String subject, long version) {
        return event(subject, version, null, AFTER, true);
    }

    private static Item event(String subject, long version, @Nullable String repair, Instant time, boolean used) {
        return new Item(
                new ConsumedEvent(
                        subject + "-" + version,
                        "crm.test.changed.v1",
                        subject,
                        version - 1,
                        time,
                        null,
                        null,
                        null,
                        repair,
                        Optional.empty(),
                        "crm.test.v1",
                        0,
                        version),
                used);
    }

    private static List<String> applied(Plan plan) {
        return plan.apply.stream().map(ConsumedEvent::id).toList();
    }

    @Test
    void eventsInOrderAreAppliedAndMoveThePosition() {
        Plan plan =
                StreamSequence.plan(List.of(event("a", 1), event("a", 2), event("b", 1)), Map.of(), Map.of(), SINCE);

        assertThat(applied(plan)).containsExactly("a-1", "a-2", "b-1");
        assertThat(plan.positions).containsEntry("a", new Position(2, 0)).containsEntry("b", new Position(1, 0));
        assertThat(plan.park).isEmpty();
    }

    @Test
    void aVersionTheReadModelHoldsIsADuplicate() {
        Plan plan = StreamSequence.plan(
                List.of(event("a", 2), event("a", 3), event("a", 3)), Map.of("a", new Position(2, 0)), Map.of(), SINCE);

        assertThat(applied(plan)).containsExactly("a-3");
        assertThat(plan.duplicates).isEqualTo(2);
        assertThat(plan.positions).containsEntry("a", new Position(3, 0));
    }

    @Test
    void aChangeBeforeItsCreationIsParkedAndAppliedWhenTheCreationComes() {
        Plan first = StreamSequence.plan(List.of(event("a", 2), event("a", 3)), Map.of(), Map.of(), SINCE);

        assertThat(applied(first)).isEmpty();
        assertThat(first.park).extracting(Item::version).containsExactly(2L, 3L);
        assertThat(first.positions).containsEntry("a", new Position(0, 2));

        // the creation re-driven later: the parked ones follow it, in order, and leave the parked table
        Plan second = StreamSequence.plan(
                List.of(event("a", 1)), first.positions, Map.of("a", new ArrayList<>(first.park)), SINCE);

        assertThat(applied(second)).containsExactly("a-1", "a-2", "a-3");
        assertThat(second.released).extracting(Item::version).containsExactly(2L, 3L);
        assertThat(second.park).isEmpty();
        assertThat(second.positions).containsEntry("a", new Position(3, 0));
    }

    @Test
    void aMidStreamEventReDrivenAfterALaterOneFillsTheGap() {
        Plan plan = StreamSequence.plan(
                List.of(event("a", 4), event("a", 3)), Map.of("a", new Position(2, 0)), Map.of(), SINCE);

        assertThat(applied(plan)).containsExactly("a-3", "a-4");
        // parked and released in the same batch: nothing to store
        assertThat(plan.park).isEmpty();
        assertThat(plan.released).isEmpty();
        assertThat(plan.positions).containsEntry("a", new Position(4, 0));
    }

    @Test
    void anEventTheReadModelDoesNotUseMovesThePositionWithoutBeingApplied() {
        Plan plan = StreamSequence.plan(
                List.of(event("a", 1), event("a", 2, null, AFTER, false), event("a", 3)), Map.of(), Map.of(), SINCE);

        assertThat(applied(plan)).containsExactly("a-1", "a-3");
        assertThat(plan.positions).containsEntry("a", new Position(3, 0));
    }

    @Test
    void aRepairForgetsTheRecordAndTakesItAgainFromItsFirstEvent() {
        Item parked = event("a", 7);
        Plan plan = StreamSequence.plan(
                List.of(event("a", 1, "r1", AFTER, true), event("a", 2, "r1", AFTER, true)),
                Map.of("a", new Position(5, 1)),
                Map.of("a", List.of(parked)),
                SINCE);

        assertThat(plan.forget).containsExactly("a");
        assertThat(applied(plan)).containsExactly("a-1", "a-2");
        assertThat(plan.positions).containsEntry("a", new Position(2, 0));
        assertThat(plan.released).isEmpty();
    }

    @Test
    void theFirstEventSeenOfARecordFromBeforePositionsWereKeptIsWhereItStands() {
        Item legacy = event("a", 5, null, SINCE.minusSeconds(1), true);
        Plan plan = StreamSequence.plan(List.of(legacy, event("a", 6)), Map.of(), Map.of(), SINCE);

        assertThat(applied(plan)).containsExactly("a-5", "a-6");
        // after the switch, a record without a position starts at version 1
        Plan strict = StreamSequence.plan(List.of(event("b", 5)), Map.of(), Map.of(), SINCE);
        assertThat(applied(strict)).isEmpty();
        assertThat(strict.park).hasSize(1);
    }

    @Test
    void anyOrderOfDeliveryWithDuplicatesEndsWithEveryVersionAppliedOnceInOrder() {
        Random random = new Random(20);
        for (int round = 0; round < 200; round++) {
            List<Item> deliveries = new ArrayList<>();
            for (String subject : List.of("a", "b", "c")) {
                for (long version = 1; version <= 8; version++) {
                    deliveries.add(event(subject, version));
                    if (random.nextInt(4) == 0) {
                        deliveries.add(event(subject, version));
                    }
                }
            }
            Collections.shuffle(deliveries, random);
            Map<String, Position> positions = new HashMap<>();
            Map<String, List<Item>> stored = new HashMap<>();
            List<String> applied = new ArrayList<>();
            // delivered in batches of random size, each batch's plan stored as the projection stores it
            for (int from = 0; from < deliveries.size(); ) {
                int to = Math.min(deliveries.size(), from + 1 + random.nextInt(6));
                Plan plan = StreamSequence.plan(deliveries.subList(from, to), positions, stored, SINCE);
                applied.addAll(applied(plan));
                positions.putAll(plan.positions);
                plan.released.forEach(item -> java.util.Objects.requireNonNull(stored.get(item.subject()))
                        .remove(item));
                plan.park.forEach(item -> stored.computeIfAbsent(item.subject(), s -> new ArrayList<>())
                        .add(item));
                plan.positions.forEach((subject, position) ->
                        assertThat(stored.getOrDefault(subject, List.of())).hasSize(position.parked()));
                from = to;
            }
            for (String subject : List.of("a", "b", "c")) {
                assertThat(applied.stream()
                                .filter(id -> id.startsWith(subject + "-"))
                                .toList())
                        .containsExactly(
                                subject + "-1",
                                subject + "-2",
                                subject + "-3",
                                subject + "-4",
                                subject + "-5",
                                subject + "-6",
                                subject + "-7",
                                subject + "-8");
                assertThat(positions.get(subject)).isEqualTo(new Position(8, 0));
            }
        }
    }
}

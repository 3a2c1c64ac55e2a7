package dev.crm.platform.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The order in which a read model takes each record's events: strictly one version after the other. A version the
 * read model already holds is a duplicate and dropped; a version beyond the next is parked until the ones before it
 * arrive (a dead-lettered event re-driven, a repair); the next version is applied, then every parked one that follows
 * it. The first event of a repair (its record published again from the event store) makes the read model forget the
 * record and take it again from version 1. A plain function of the positions and parked events loaded for a batch.
 */
final class StreamSequence {

    /** A record's event in the stream; {@code used}: the read model applies it (otherwise it only moves the position). */
    record Item(ConsumedEvent event, boolean used) {
        String subject() {
            return event.subject();
        }

        long version() {
            return event.version().orElseThrow();
        }

        boolean startsRepair() {
            return event.repair() != null && version() == 1;
        }
    }

    /** Where a read model stands in a record's stream, and how many later versions it holds back. */
    record Position(long version, int parked) {}

    /** What a batch does: the events to apply in order, and the positions and parked events to store. */
    static final class Plan {
        final List<ConsumedEvent> apply = new ArrayList<>();
        /** Records to forget before applying: a repair takes them again from their first event. */
        final Set<String> forget = new LinkedHashSet<>();

        final Map<String, Position> positions = new LinkedHashMap<>();
        final List<Item> park = new ArrayList<>();
        /** Parked events (stored by an earlier batch) applied now. */
        final List<Item> released = new ArrayList<>();

        int duplicates;
    }

    private static final class Stream {
        long version;
        boolean known;
        final TreeMap<Long, Item> parked = new TreeMap<>();
    }

    /**
     * {@code positions}: the stored positions of the batch's records (absent: nothing seen yet); {@code stored}: their
     * parked events, for the records whose position counts some; {@code since}: events stamped before it may follow
     * events handled before positions were kept, so the first one seen of a record without a position is taken as
     * where the record stands.
     */
    static Plan plan(List<Item> items, Map<String, Position> positions, Map<String, List<Item>> stored, Instant since) {
        Plan plan = new Plan();
        Map<String, Stream> streams = new HashMap<>();
        Set<Item> fromStore = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> moved = new LinkedHashSet<>();
        for (Item item : items) {
            String subject = item.subject();
            Stream stream = streams.computeIfAbsent(subject, s -> {
                Stream fresh = new Stream();
                Position position = positions.get(s);
                if (position != null) {
                    fresh.version = position.version();
                    fresh.known = true;
                    for (Item parked : stored.getOrDefault(s, List.of())) {
                        fresh.parked.put(parked.version(), parked);
                        fromStore.add(parked);
                    }
                }
                return fresh;
            });
            long version = item.version();
            if (item.startsRepair()) {
                plan.forget.add(subject);
                plan.park.removeIf(parked -> parked.subject().equals(subject));
                plan.released.removeIf(released -> released.subject().equals(subject));
                stream.parked.clear();
                stream.version = 0;
                stream.known = true;
            }
            if (!stream.known && version > 1 && item.event().time().isBefore(since)) {
                stream.version = version - 1;
            }
            stream.known = true;
            moved.add(subject);
            if (version <= stream.version) {
                plan.duplicates++;
                continue;
            }
            if (version > stream.version + 1) {
                if (stream.parked.putIfAbsent(version, item) == null) {
                    plan.park.add(item);
                }
                continue;
            }
            take(plan, item);
            stream.version = version;
            for (Item next = stream.parked.remove(stream.version + 1);
                    next != null;
                    next = stream.parked.remove(stream.version + 1)) {
                if (fromStore.contains(next)) {
                    plan.released.add(next);
                } else {
                    plan.park.remove(next);
                }
                take(plan, next);
                stream.version = next.version();
            }
        }
        for (String subject : moved) {
            Stream stream = java.util.Objects.requireNonNull(streams.get(subject));
            plan.positions.put(subject, new Position(stream.version, stream.parked.size()));
        }
        return plan;
    }

    private static void take(Plan plan, Item item) {
        if (item.used()) {
            plan.apply.add(item.event());
        }
    }

    private StreamSequence() {}
}

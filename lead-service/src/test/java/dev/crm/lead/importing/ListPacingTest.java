package dev.crm.lead.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListPacingTest {

    private static final Duration LONG_WAIT = Duration.ofSeconds(30);

    private final Set<String> listed = ConcurrentHashMap.newKeySet();
    private final List<String> asked = new ArrayList<>();

    private ListPacing pacing(int batchesAhead, Duration maxWait, boolean relayHealthy) {
        return new ListPacing(
                batchesAhead,
                maxWait,
                id -> {
                    synchronized (asked) {
                        asked.add(id);
                    }
                    return listed.contains(id);
                },
                () -> relayHealthy);
    }

    /** Commits one batch per id, in order (null: a batch that created no lead); answers how long the last took. */
    private static Duration commit(ListPacing pacing, String... lastLeadIds) throws InterruptedException {
        long start = System.nanoTime();
        for (String id : lastLeadIds) {
            start = System.nanoTime();
            pacing.committed(id);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void runsAheadByTheWindowThenWaitsForTheListToShowTheBatchThatFellOutOfIt() throws Exception {
        ListPacing pacing = pacing(2, LONG_WAIT, true);
        commit(pacing, "a", "b");
        assertThat(asked).as("within the window the list is not even asked").isEmpty();
        CountDownLatch done = new CountDownLatch(1);
        Thread importer = new Thread(() -> {
            try {
                pacing.committed("c");
                done.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        importer.start();

        assertThat(done.await(300, TimeUnit.MILLISECONDS))
                .as("returned before the list showed a")
                .isFalse();
        listed.add("a");
        assertThat(done.await(5, TimeUnit.SECONDS))
                .as("returned once the list showed a")
                .isTrue();
        synchronized (asked) {
            assertThat(asked).containsOnly("a");
        }
        assertThat(pacing.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void goesOnAfterTheLongestWait() throws InterruptedException {
        Duration second = commit(pacing(1, Duration.ofMillis(200), true), "a", "b");

        assertThat(second).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(asked).contains("a");
    }

    @Test
    void doesNotWaitWhileTheEventsCannotReachKafka() throws InterruptedException {
        Duration second = commit(pacing(1, LONG_WAIT, false), "a", "b");

        assertThat(second).isLessThan(Duration.ofSeconds(5));
        assertThat(asked).isEmpty();
    }

    @Test
    void noWindowMeansNoPacing() throws InterruptedException {
        commit(pacing(0, LONG_WAIT, true), "a", "b", "c", "d");

        assertThat(asked).isEmpty();
    }

    @Test
    void aBatchThatCreatedNoLeadIsNotAwaited() throws InterruptedException {
        listed.add("a"); // were it awaited, fail on the assertion rather than after the wait
        commit(pacing(1, LONG_WAIT, true), "a", null, null);

        assertThat(asked).isEmpty();
    }
}

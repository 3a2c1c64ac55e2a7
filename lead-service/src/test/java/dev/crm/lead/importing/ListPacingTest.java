package dev.crm.lead.importing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ListPacingTest {

    private final Set<String> listed = ConcurrentHashMap.newKeySet();
    private final List<String> asked = new ArrayList<>();

    private ListPacing pacing(int batchesAhead, Duration maxWait, AtomicBoolean relayHealthy) {
        return new ListPacing(batchesAhead, maxWait, id -> {
            synchronized (asked) {
                asked.add(id);
            }
            return listed.contains(id);
        }, relayHealthy::get);
    }

    @Test
    void runsAheadOfTheListByTheWindowWithoutWaiting() throws InterruptedException {
        ListPacing pacing = pacing(2, Duration.ofSeconds(30), new AtomicBoolean(true));

        pacing.committed("a");
        pacing.committed("b");

        assertThat(asked).isEmpty();
    }

    @Test
    void waitsForTheListToShowTheBatchThatFellOutOfTheWindow() throws Exception {
        ListPacing pacing = pacing(2, Duration.ofSeconds(30), new AtomicBoolean(true));
        pacing.committed("a");
        pacing.committed("b");
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

        assertThat(done.await(300, TimeUnit.MILLISECONDS)).as("returned before the list showed a").isFalse();
        listed.add("a");
        assertThat(done.await(5, TimeUnit.SECONDS)).as("returned once the list showed a").isTrue();
        synchronized (asked) {
            assertThat(asked).containsOnly("a");
        }
        assertThat(pacing.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void goesOnAfterTheLongestWait() throws InterruptedException {
        ListPacing pacing = pacing(1, Duration.ofMillis(200), new AtomicBoolean(true));
        pacing.committed("a");

        long start = System.nanoTime();
        pacing.committed("b");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(asked).contains("a");
    }

    @Test
    void doesNotWaitWhileTheEventsCannotReachKafka() throws InterruptedException {
        ListPacing pacing = pacing(1, Duration.ofSeconds(30), new AtomicBoolean(false));
        pacing.committed("a");

        long start = System.nanoTime();
        pacing.committed("b");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(asked).isEmpty();
    }

    @Test
    void noWindowMeansNoPacing() throws InterruptedException {
        ListPacing pacing = pacing(0, Duration.ofSeconds(30), new AtomicBoolean(true));

        pacing.committed("a");
        pacing.committed("b");

        assertThat(asked).isEmpty();
    }

    @Test
    void aBatchThatCreatedNoLeadIsNotAwaited() throws InterruptedException {
        ListPacing pacing = pacing(1, Duration.ofSeconds(30), new AtomicBoolean(true));
        listed.add("a");
        pacing.committed("a");
        pacing.committed(null);
        pacing.committed(null);

        assertThat(asked).isEmpty();
    }
}

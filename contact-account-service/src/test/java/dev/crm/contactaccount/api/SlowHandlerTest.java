package dev.crm.contactaccount.api;

import static dev.crm.contactaccount.api.LeadQualificationTest.ALICE;
import static dev.crm.contactaccount.api.LeadQualificationTest.as;
import static dev.crm.contactaccount.api.LeadQualificationTest.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.crm.events.v1.Topics;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.InboxRows;
import dev.crm.testing.KafkaTopics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A handler slower than {@code max.poll.interval.ms}: the projection's table is locked for three poll intervals while
 * a record waits to be applied. SmallRye keeps polling (it pauses the partition instead of leaving the consumer
 * unpolled), so the group is not rebalanced, the record is applied once, and nothing is dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
@TestProfile(SlowHandlerTest.ShortPollInterval.class)
class SlowHandlerTest {

    private static final long POLL_INTERVAL_MS = 2_000;

    /** The views' consumer must poll at least every 2 s. */
    public static class ShortPollInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.incoming.contact-account-views.max.poll.interval.ms",
                    Long.toString(POLL_INTERVAL_MS));
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aHandlerThreeTimesSlowerThanThePollIntervalAppliesItsRecordOnceWithoutARebalance() throws Exception {
        String contactId = id();
        String leadId = id();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch released = new CountDownLatch(1);
        long blocked;
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("lock table contact_view in access exclusive mode");
            }
            Map<String, String> headers = KafkaTopics.publish(
                    new ContactCreated(
                            contactId,
                            "alice",
                            new ContactDetails("Sam", "Slow", null, null, null, null, null, null),
                            null,
                            leadId),
                    0,
                    "alice");
            long start = System.nanoTime();
            timer.schedule(
                    () -> {
                        try {
                            lock.commit();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        } finally {
                            released.countDown();
                        }
                    },
                    3 * POLL_INTERVAL_MS,
                    TimeUnit.MILLISECONDS);
            assertThat(released.await(30, TimeUnit.SECONDS)).isTrue();
            blocked = Duration.ofNanos(System.nanoTime() - start).toMillis();

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> as(ALICE)
                            .get("/api/v1/contacts?originatingLeadId=" + leadId)
                            .then()
                            .body("totalItems", equalTo(1))
                            .body("items[0].version", equalTo(1)));
            assertThat(InboxRows.count(dataSource, "contact-account-service-views", headers.get("ce_id")))
                    .isEqualTo(1);
        } finally {
            timer.shutdownNow();
        }
        assertThat(KafkaTopics.readAll(
                        Topics.deadLetter(Topics.CONTACT, "contact-account-service-views"),
                        r -> contactId.equals(r.key())))
                .isEmpty();
        System.out.printf(
                "F10 slow handler: the projection waited %d ms on a lock (max.poll.interval.ms %d); applied once,"
                        + " 0 dead letters%n",
                blocked, POLL_INTERVAL_MS);
    }
}

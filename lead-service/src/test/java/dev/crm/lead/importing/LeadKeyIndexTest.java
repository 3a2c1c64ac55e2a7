package dev.crm.lead.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crm.testing.CrmTestInfrastructure;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two writers claiming the same person's keys at once: the second waits for the first's commit, then loses the key. */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class LeadKeyIndexTest {

    @Inject
    LeadKeyIndex index;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theSecondOfTwoConcurrentClaimsWaitsForTheFirstAndFindsTheKeyTaken() throws Exception {
        String email = "e:same." + UUID.randomUUID() + "@example.com";
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);

        CompletableFuture<Map<String, LeadKeyIndex.Taken>> one = CompletableFuture.supplyAsync(() ->
                QuarkusTransaction.requiringNew().call(() -> {
                    Map<String, LeadKeyIndex.Taken> lost = index.claim(Map.of(first, List.of(email)), true);
                    claimed.countDown();
                    assertThat(commit.await(30, TimeUnit.SECONDS)).isTrue();
                    return lost;
                }));
        assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Map<String, LeadKeyIndex.Taken>> two =
                CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew()
                        .call(() -> index.claim(Map.of(second, List.of(email, "n:x|y|" + second)), true)));
        // the second insert waits on the first transaction's uncommitted key
        await().atMost(Duration.ofSeconds(20)).until(this::someoneWaitsOnALock);
        assertThat(two).isNotDone();
        commit.countDown();

        assertThat(one.get(30, TimeUnit.SECONDS)).isEmpty();
        assertThat(two.get(30, TimeUnit.SECONDS)).containsEntry(second, new LeadKeyIndex.Taken(email, first));
        // the loser keeps none of its keys, not even the one nobody else had
        assertThat(holder(email)).isEqualTo(first);
        assertThat(holder("n:x|y|" + second)).isNull();
    }

    @Test
    void aClaimThatRollsBackLeavesTheKeyFree() {
        String email = "e:free." + UUID.randomUUID() + "@example.com";
        String lead = UUID.randomUUID().toString();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                index.claim(Map.of(lead, List.of(email)), true);
                throw new IllegalStateException("the batch failed");
            });
        } catch (IllegalStateException expected) {
            // the batch's transaction rolled back with its claims
        }
        assertThat(holder(email)).isNull();
        String other = UUID.randomUUID().toString();
        assertThat(QuarkusTransaction.requiringNew().call(() -> index.claim(Map.of(other, List.of(email)), true)))
                .isEmpty();
        assertThat(holder(email)).isEqualTo(other);
    }

    private boolean someoneWaitsOnALock() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where datname = current_database()"
                        + " and wait_event_type = 'Lock' and query like 'insert into lead_duplicate_key%'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private String holder(String key) {
        try (Connection c = dataSource.getConnection();
                var select = c.prepareStatement("select lead_id from lead_duplicate_key where key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

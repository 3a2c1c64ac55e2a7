package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.as;
import static dev.crm.lead.api.LeadApiTest.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crm.events.v1.Topics;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.lead.domain.Commands.CreateLead;
import dev.crm.platform.security.Actor;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.transaction.RollbackException;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

/**
 * An append whose transaction stays open past the event store's gap timeout would, if it then committed, sit behind
 * the relay's position for ever (never published, and nothing would tell). The transaction timeout sits well below the
 * gap timeout, so such a transaction is rolled back before the gap is given up: the late commit fails, the caller
 * hears it, and nothing committed is left unpublished. Timeouts are short here (2 s and 14 s) to keep the test short.
 */
@QuarkusTest
@TestProfile(LateCommitTest.ShortTimeouts.class)
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class LateCommitTest {

    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration GAP_TIMEOUT = Duration.ofSeconds(14);

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.transaction-manager.default-transaction-timeout",
                    TRANSACTION_TIMEOUT.toSeconds() + "s",
                    "crm.event-store.gap-timeout",
                    GAP_TIMEOUT.toString());
        }
    }

    @Inject
    UserTransaction transaction;

    @Inject
    CommandGateway commands;

    @Inject
    EventStore eventStore;

    @Test
    void anAppendHeldOpenPastTheGapTimeoutIsRolledBackNotCommittedUnseen() throws Exception {
        String token = TestTokens.salesperson("alice");
        String held = UUID.randomUUID().toString();

        transaction.begin();
        // the append takes its index now; its transaction holds it uncommitted
        commands.sendAndWait(new CreateLead(
                held,
                "alice",
                LeadDetails.builder().topic("held open").lastName("Doe").build(),
                new Actor("alice", false)));
        // a later append commits meanwhile and is published past the gap
        String later = create(token, "{\"topic\":\"committed meanwhile\",\"lastName\":\"Doe\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> !keyed(later).isEmpty());
        // the fault: the transaction stays open until the gap would have been given up
        long heldSince = System.nanoTime();
        await().pollDelay(GAP_TIMEOUT.plusSeconds(1))
                .atMost(GAP_TIMEOUT.plusSeconds(5))
                .until(() -> System.nanoTime() - heldSince >= GAP_TIMEOUT.toNanos());

        assertThatThrownBy(transaction::commit)
                .as("the late commit is refused: the transaction timed out long before")
                .isInstanceOf(RollbackException.class);
        assertThat(eventStore.readEvents(held).asStream().count())
                .as("nothing of the held append is stored")
                .isZero();
        as(token).get("/api/v1/leads/" + held).then().statusCode(404);
        assertThat(keyed(held)).isEmpty();

        // what commits afterwards is published as usual: the relay did not stop at the gap
        String next = create(token, "{\"topic\":\"after the rollback\",\"lastName\":\"Doe\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> !keyed(next).isEmpty());
    }

    private static java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> keyed(String id) {
        return KafkaTopics.readAll(Topics.LEAD, r -> id.equals(r.key()));
    }
}

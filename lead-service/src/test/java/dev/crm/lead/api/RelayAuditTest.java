package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.as;
import static dev.crm.lead.api.LeadApiTest.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crm.events.v1.Topics;
import dev.crm.platform.axon.AxonRuntime;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

/**
 * The relay audit names an event the relay passed without publishing it (here: the relay's token moved past it, as a
 * gap given up would), and a repair of its record publishes it, after which the audit finds nothing missing.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class RelayAuditTest {

    @Inject
    AxonRuntime axon;

    @Inject
    EventStore eventStore;

    @io.quarkus.test.common.http.TestHTTPResource(value = "", management = true)
    java.net.URL management;

    @Test
    void anEventTheRelayPassedWithoutPublishingIsNamedAndARepairPublishesIt() {
        String alice = TestTokens.salesperson("alice");
        String manager = TestTokens.manager("maria");
        String published = create(alice, "{\"topic\":\"published\",\"lastName\":\"Doe\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> !keyed(published).isEmpty());

        TrackingEventProcessor relay = axon.configuration()
                .eventProcessingConfiguration()
                .eventProcessor(AxonRuntime.RELAY_PROCESSOR, TrackingEventProcessor.class)
                .orElseThrow();
        relay.shutDown();
        String skipped = create(alice, "{\"topic\":\"never published\",\"lastName\":\"Doe\"}");
        // the fault: the relay's position moves past the event without publishing it
        var tokens = axon.configuration().eventProcessingConfiguration().tokenStore(AxonRuntime.RELAY_PROCESSOR);
        QuarkusTransaction.requiringNew()
                .run(() -> tokens.storeToken(eventStore.createHeadToken(), AxonRuntime.RELAY_PROCESSOR, 0));
        relay.start();
        String after = create(alice, "{\"topic\":\"published after\",\"lastName\":\"Doe\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> !keyed(after).isEmpty());
        assertThat(keyed(skipped)).isEmpty();

        as(alice).post("/api/v1/relay-audits").then().statusCode(403);
        JsonPath audit = as(manager)
                .post("/api/v1/relay-audits")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(audit.getLong("missingEvents")).isEqualTo(1);
        assertThat(audit.getList("missing.aggregateId", String.class)).containsExactly(skipped);
        assertThat(audit.getString("missing[0].topic")).isEqualTo(Topics.LEAD);
        assertThat(audit.getList("missing[0].sequences", Long.class)).containsExactly(0L);
        assertThat(audit.getLong("checked")).isGreaterThanOrEqualTo(3);
        assertThat(metric()).isEqualTo(1.0);

        as(manager)
                .contentType("application/json")
                .body("{\"recordType\":\"LEAD\",\"recordId\":\"" + skipped + "\"}")
                .post("/api/v1/repairs")
                .then()
                .statusCode(200);
        assertThat(keyed(skipped)).isNotEmpty();
        JsonPath again = as(manager)
                .post("/api/v1/relay-audits")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(again.getLong("missingEvents")).isZero();
        assertThat(again.getList("missing")).isEmpty();
        assertThat(metric()).isZero();
    }

    private double metric() {
        String metrics = io.restassured.RestAssured.get(management + "metrics").asString();
        return metrics.lines()
                .filter(line -> line.startsWith("crm_relay_audit_missing "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                .findFirst()
                .orElseThrow();
    }

    private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> keyed(String id) {
        return KafkaTopics.readAll(Topics.LEAD, r -> id.equals(r.key()));
    }
}

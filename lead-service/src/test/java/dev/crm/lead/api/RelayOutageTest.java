package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.as;
import static dev.crm.lead.api.LeadApiTest.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The event store is the outbox: with the broker unreachable for 20 s commands still succeed, and nothing is lost or
 * doubled. Readiness (can it serve requests?) and liveness stay UP throughout; the messaging health group says the
 * relay cannot publish, and is UP again once the broker is back.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class RelayOutageTest {

    @io.quarkus.test.common.http.TestHTTPResource(value = "", management = true)
    java.net.URL management;

    @Test
    void eventsWrittenWhileTheBrokerIsDownArePublishedInOrderOnceItReturnsAndReadinessStaysUp() {
        String token = TestTokens.salesperson("alice");
        String before = create(token, "{\"topic\":\"before the outage\",\"lastName\":\"Doe\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> !keyed(before).isEmpty());

        KafkaTopics.stopBroker();
        List<String> during = new ArrayList<>();
        try {
            long stopped = System.nanoTime();
            // the outage lasts 20 s at least: commands go on meanwhile, and the service stays ready and live
            for (int i = 0;
                    i < 5
                            || System.nanoTime() - stopped
                                    < Duration.ofSeconds(20).toNanos();
                    i++) {
                long started = System.nanoTime();
                String id = create(token, "{\"topic\":\"during the outage " + i + "\",\"lastName\":\"Doe\"}");
                as(token)
                        .contentType(LeadApiTest.MERGE_PATCH)
                        .body("{\"rating\":\"HOT\"}")
                        .patch("/api/v1/leads/" + id)
                        .then()
                        .statusCode(200);
                as(token).post("/api/v1/leads/" + id + "/qualify").then().statusCode(200);
                during.add(id);
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("commands do not hang on the broker")
                        .isLessThan(Duration.ofSeconds(10));
                RestAssured.get(management + "health/ready").then().statusCode(200);
                RestAssured.get(management + "health/live").then().statusCode(200);
            }
            Response messaging = RestAssured.get(management + "health/group/messaging");
            assertThat(messaging.statusCode())
                    .as("the relay says it cannot publish")
                    .isEqualTo(503);
            assertThat(messaging.jsonPath().getList("checks.findAll { it.status == 'DOWN' }.name", String.class))
                    .containsExactly("kafka-relay");
            assertThat(messaging.jsonPath().getLong("checks.find { it.name == 'kafka-relay' }.data.backlog"))
                    .as("the events waiting in the store")
                    .isGreaterThanOrEqualTo(3L * during.size() - 3);
        } finally {
            KafkaTopics.startBroker();
        }
        long restarted = System.nanoTime();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() ->
                        RestAssured.get(management + "health/group/messaging").statusCode() == 200);
        assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> during.stream().allMatch(id -> keyed(id).size() >= 3));
        for (String id : during) {
            List<ConsumerRecord<String, byte[]>> records = keyed(id);
            assertThat(records)
                    .extracting(r -> KafkaTopics.header(r, CloudEventHeaders.TYPE))
                    .containsExactly("crm.lead.created.v1", "crm.lead.updated.v1", "crm.lead.qualified.v1");
            assertThat(records)
                    .extracting(r -> KafkaTopics.header(r, CloudEventHeaders.ID))
                    .doesNotHaveDuplicates();
        }
        assertThat(keyed(before)).hasSize(1);
    }

    private static List<ConsumerRecord<String, byte[]>> keyed(String id) {
        return KafkaTopics.readAll(Topics.LEAD, r -> id.equals(r.key()));
    }
}

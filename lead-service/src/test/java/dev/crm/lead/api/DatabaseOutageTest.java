package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL out of reach (every connection cut by a relay in front of it): commands answer 503 problem+json with
 * Retry-After, nothing acknowledged is lost, each acknowledged event reaches Kafka once, and the service serves
 * again by itself when the database is back.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class DatabaseOutageTest {

    @Test
    void commandsAnswer503WithRetryAfterWhileTheDatabaseIsAwayAndTheServiceRecoversByItself() {
        String token = TestTokens.salesperson("olga");
        List<String> acknowledged = new ArrayList<>();
        acknowledged.add(LeadApiTest.create(token, "{\"topic\":\"before the outage\",\"lastName\":\"Doe\"}"));

        CrmTestInfrastructure.cutDatabase();
        int refused = 0;
        try {
            for (int i = 0; i < 6; i++) {
                long started = System.nanoTime();
                Response response = createLead(token, "during the outage " + i);
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("a refusal does not hang")
                        .isLessThan(Duration.ofSeconds(10));
                if (response.statusCode() == 201) {
                    acknowledged.add(response.jsonPath().getString("id"));
                    continue;
                }
                assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
                assertThat(response.header("Retry-After")).isEqualTo("5");
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.jsonPath().getString("code")).isEqualTo("service-unavailable");
                refused++;
            }
        } finally {
            CrmTestInfrastructure.restoreDatabase();
        }
        assertThat(refused).as("creates refused while the database was away").isPositive();

        // no restart: the pools reconnect by themselves
        String after = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> createLead(token, "after the outage"), r -> r.statusCode() == 201)
                .jsonPath()
                .getString("id");
        acknowledged.add(after);

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> createdOnKafka(acknowledged).keySet().containsAll(acknowledged));
        createdOnKafka(acknowledged)
                .forEach((id, records) ->
                        assertThat(records).as("LeadCreated of %s on Kafka", id).hasSize(1));
        as(token).get("/api/v1/leads/" + after).then().statusCode(200);
    }

    /** A projection whose database is away keeps its records and retries: nothing is dead-lettered, nothing lost. */
    @Test
    void aProjectionWaitsForTheDatabaseInsteadOfDeadLetteringItsRecords() throws Exception {
        String token = TestTokens.salesperson("pia");
        String id = java.util.UUID.randomUUID().toString();
        CrmTestInfrastructure.cutDatabase();
        try {
            KafkaTopics.publish(
                    new LeadCreated(
                            id,
                            "pia",
                            LeadDetails.builder()
                                    .topic("projected after the outage")
                                    .lastName("Doe")
                                    .build()),
                    0,
                    "pia");
            Thread.sleep(3000); // several retries of the projection's transaction meet the closed database
        } finally {
            CrmTestInfrastructure.restoreDatabase();
        }
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/leads?view=my-open&q=projected after the outage")
                        .then()
                        .statusCode(200)
                        .body("items.id", org.hamcrest.Matchers.hasItem(id)));
        assertThat(KafkaTopics.readAll(Topics.deadLetter(Topics.LEAD, "lead-service"), r -> id.equals(r.key())))
                .as("dead letters of the record")
                .isEmpty();
    }

    private static Response createLead(String token, String topic) {
        return as(token)
                .body("{\"topic\":\"" + topic + "\",\"lastName\":\"Doe\"}")
                .post("/api/v1/leads");
    }

    private static java.util.Map<String, List<ConsumerRecord<String, byte[]>>> createdOnKafka(List<String> ids) {
        Set<String> wanted = Set.copyOf(ids);
        return KafkaTopics.readAll(
                        Topics.LEAD,
                        r -> wanted.contains(r.key())
                                && "crm.lead.created.v1".equals(KafkaTopics.header(r, CloudEventHeaders.TYPE)))
                .stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key));
    }
}

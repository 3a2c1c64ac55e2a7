package dev.crm.lead.api;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.crm.lead.api.LeadApiTest.as;
import static dev.crm.lead.api.LeadApiTest.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The projection's consumer: a redelivered event changes nothing; a malformed record is dead-lettered, not fatal. */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class ConsumerInboxTest {

    private static final String DLQ = Topics.deadLetter(Topics.LEAD, "lead-service");

    @Test
    void malformedRecordGoesToTheDeadLetterTopicAndLaterRecordsAreStillHandled() {
        String badId = "poison-" + System.nanoTime();
        KafkaTopics.send(Topics.LEAD, badId, "{not json".getBytes(StandardCharsets.UTF_8), Map.of(
                CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.SOURCE, "/crm/test",
                CloudEventHeaders.ID, badId, CloudEventHeaders.TYPE, "crm.lead.created.v1",
                CloudEventHeaders.SUBJECT, badId, CloudEventHeaders.TIME, "2026-11-22T10:00:00Z",
                CloudEventHeaders.SEQUENCE, "0"));
        String token = TestTokens.salesperson("dora");
        String good = create(token, "{\"topic\":\"after the poison\",\"lastName\":\"Doe\"}");

        List<ConsumerRecord<String, byte[]>> parked = await().atMost(Duration.ofSeconds(20))
                .until(() -> KafkaTopics.readAll(DLQ, r -> badId.equals(r.key())), r -> r.size() == 1);
        assertThat(KafkaTopics.header(parked.get(0), CloudEventHeaders.DLQ_REASON)).contains("not a valid crm.lead.created.v1");
        assertThat(KafkaTopics.header(parked.get(0), CloudEventHeaders.DLQ_ORIGINAL_TOPIC)).isEqualTo(Topics.LEAD);
        assertThat(KafkaTopics.header(parked.get(0), CloudEventHeaders.ID)).isEqualTo(badId);
        as(token).get("/api/v1/leads?view=my-open").then().body("items.id", hasItem(good));
    }

    @Test
    void redeliveredEventIsAppliedOnce() {
        String token = TestTokens.salesperson("erin");
        String id = create(token, "{\"topic\":\"redelivery\",\"lastName\":\"Doe\"}");
        as(token).contentType(LeadApiTest.MERGE_PATCH).body("{\"rating\":\"HOT\"}").patch("/api/v1/leads/" + id)
                .then().statusCode(200);
        List<ConsumerRecord<String, byte[]>> published = await().atMost(Duration.ofSeconds(20))
                .until(() -> KafkaTopics.readAll(Topics.LEAD, r -> id.equals(r.key())), r -> r.size() == 2);

        // the creation again, as a relay re-publication would send it: same ce_id, same value
        ConsumerRecord<String, byte[]> created = published.get(0);
        Map<String, String> headers = new HashMap<>();
        created.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        KafkaTopics.send(Topics.LEAD, id, created.value(), headers);
        String marker = create(token, "{\"topic\":\"after the redelivery\",\"lastName\":\"Doe\"}");

        as(token).get("/api/v1/leads?view=my-open&q=after the redelivery").then().body("items.id", hasItem(marker));
        as(token).get("/api/v1/leads?view=my-open&q=redelivery&rating=HOT").then()
                .body("totalItems", equalTo(1)).body("items[0].id", equalTo(id)).body("items[0].version", equalTo(2));
    }
}

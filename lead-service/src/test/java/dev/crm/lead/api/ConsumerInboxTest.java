package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.as;
import static dev.crm.lead.api.LeadApiTest.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The projection's consumer: a redelivered event changes nothing; a malformed record is dead-lettered, not fatal. */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class ConsumerInboxTest {

    private static final String GROUP = "lead-service";
    private static final String DLQ = Topics.deadLetter(Topics.LEAD, GROUP);

    @Test
    void malformedRecordGoesToTheDeadLetterTopicAndLaterRecordsAreStillHandled() {
        String badId = "poison-" + System.nanoTime();
        KafkaTopics.send(
                Topics.LEAD,
                badId,
                "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of(
                        CloudEventHeaders.SPEC_VERSION,
                        "1.0",
                        CloudEventHeaders.SOURCE,
                        "/crm/test",
                        CloudEventHeaders.ID,
                        badId,
                        CloudEventHeaders.TYPE,
                        "crm.lead.created.v1",
                        CloudEventHeaders.SUBJECT,
                        badId,
                        CloudEventHeaders.TIME,
                        "2026-11-22T10:00:00Z",
                        CloudEventHeaders.SEQUENCE,
                        "0"));
        String token = TestTokens.salesperson("dora");
        String good = create(token, "{\"topic\":\"after the poison\",\"lastName\":\"Doe\"}");

        List<ConsumerRecord<String, byte[]>> parked = await().atMost(Duration.ofSeconds(20))
                .until(() -> KafkaTopics.readAll(DLQ, r -> badId.equals(r.key())), r -> r.size() == 1);
        assertThat(KafkaTopics.header(parked.get(0), CloudEventHeaders.DLQ_REASON))
                .contains("not a valid crm.lead.created.v1");
        assertThat(KafkaTopics.header(parked.get(0), CloudEventHeaders.DLQ_ORIGINAL_TOPIC))
                .isEqualTo(Topics.LEAD);
        assertThat(KafkaTopics.header(parked.get(0), CloudEventHeaders.ID)).isEqualTo(badId);
        as(token).get("/api/v1/leads?view=my-open").then().body("items.id", hasItem(good));
    }

    /** The inbox alone: the same ce_id again, without ce_sequence so that the version check cannot catch it. */
    @Test
    void theInboxDropsARedeliveredEventId() {
        // were it applied, the lead would be back to its created state (no rating) at a third version
        redeliverTheCreationAndExpectNoChange(
                "inbox redelivery", headers -> headers.remove(CloudEventHeaders.SEQUENCE));
    }

    /** The version check alone: the same event under a new ce_id (past the inbox) changes nothing it already shows. */
    @Test
    void theReadModelSkipsAVersionItAlreadyShows() {
        redeliverTheCreationAndExpectNoChange(
                "version redelivery",
                headers -> headers.put(
                        CloudEventHeaders.ID, java.util.UUID.randomUUID().toString()));
    }

    /**
     * A lead created and rated HOT; then its creation sent again with {@code alter} applied to its headers, as a
     * re-publication would send it. Once the projection committed that record, the lead is still HOT at version 2.
     */
    private static void redeliverTheCreationAndExpectNoChange(
            String topic, java.util.function.Consumer<Map<String, String>> alter) {
        String token = TestTokens.salesperson("erin");
        String id = create(token, "{\"topic\":\"" + topic + "\",\"lastName\":\"Doe\"}");
        patchRating(token, id, "HOT");
        ConsumerRecord<String, byte[]> creation = publishedOf(id, 2).get(0);
        Map<String, String> headers = headersOf(creation);
        alter.accept(headers);
        KafkaTopics.awaitCommitted(GROUP, KafkaTopics.send(Topics.LEAD, id, creation.value(), headers));

        as(token)
                .get("/api/v1/leads?view=my-open&q=" + topic)
                .then()
                .body("totalItems", equalTo(1))
                .body("items[0].rating", equalTo("HOT"))
                .body("items[0].version", equalTo(2));
    }

    private static void patchRating(String token, String id, String rating) {
        as(token)
                .contentType(LeadApiTest.MERGE_PATCH)
                .body("{\"rating\":\"" + rating + "\"}")
                .patch("/api/v1/leads/" + id)
                .then()
                .statusCode(200);
    }

    private static List<ConsumerRecord<String, byte[]>> publishedOf(String id, int count) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> KafkaTopics.readAll(Topics.LEAD, r -> id.equals(r.key())), r -> r.size() == count);
    }

    private static Map<String, String> headersOf(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }

    @Test
    void eventsWithoutTheOptionalSequenceExtensionAreAllApplied() {
        String token = TestTokens.salesperson("finn");
        String id = create(token, "{\"topic\":\"sequence source\",\"lastName\":\"Doe\"}");
        as(token)
                .contentType(LeadApiTest.MERGE_PATCH)
                .body("{\"rating\":\"WARM\"}")
                .patch("/api/v1/leads/" + id)
                .then()
                .statusCode(200);
        List<ConsumerRecord<String, byte[]>> published = await().atMost(Duration.ofSeconds(20))
                .until(() -> KafkaTopics.readAll(Topics.LEAD, r -> id.equals(r.key())), r -> r.size() == 2);

        // the same two events for another lead, from a producer that sends no ce_sequence (it is optional)
        String copy = java.util.UUID.randomUUID().toString();
        for (ConsumerRecord<String, byte[]> record : published) {
            Map<String, String> headers = new HashMap<>();
            record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
            headers.remove(CloudEventHeaders.SEQUENCE);
            headers.put(CloudEventHeaders.ID, java.util.UUID.randomUUID().toString());
            headers.put(CloudEventHeaders.SUBJECT, copy);
            byte[] value = new String(record.value(), StandardCharsets.UTF_8)
                    .replace(id, copy)
                    .getBytes(StandardCharsets.UTF_8);
            KafkaTopics.send(Topics.LEAD, copy, value, headers);
        }

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> as(token)
                        .get("/api/v1/leads?view=my-open&q=sequence source&rating=WARM")
                        .then()
                        .body("items.id", hasItem(copy)));
    }
}

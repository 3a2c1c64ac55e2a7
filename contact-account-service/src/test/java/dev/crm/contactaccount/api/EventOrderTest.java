package dev.crm.contactaccount.api;

import static dev.crm.contactaccount.api.LeadQualificationTest.ALICE;
import static dev.crm.contactaccount.api.LeadQualificationTest.as;
import static dev.crm.contactaccount.api.LeadQualificationTest.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.contact.ContactUpdated;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A record's events reach the read model in their order whatever order Kafka gives them in (a dead-lettered creation
 * re-driven after the change that followed it), and a repair takes the record again from its first event.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class EventOrderTest {

    private static final String GROUP = "contact-account-service-views";
    private static final String MANAGER = dev.crm.testing.TestTokens.manager("max");

    @Inject
    AgroalDataSource dataSource;

    private static ContactDetails named(String first, String last) {
        return new ContactDetails(first, last, null, null, null, null, null, null);
    }

    /** The contact as contact_view lists it (found by the lead it came from): GET by id reads the event store. */
    private static io.restassured.response.ValidatableResponse listed(String leadId) {
        return as(ALICE)
                .get("/api/v1/contacts?originatingLeadId=" + leadId)
                .then()
                .statusCode(200);
    }

    @Test
    void aChangeThatArrivesBeforeItsCreationWaitsParkedAndFollowsTheCreation() {
        String contactId = id();
        String leadId = id();
        KafkaTopics.publish(
                new ContactUpdated(contactId, List.of("firstName"), named("Joan", "Later"), null), 1, "alice");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> parkedVersions(contactId).equals(List.of(2L)));
        listed(leadId).body("totalItems", equalTo(0));

        KafkaTopics.publish(new ContactCreated(contactId, "alice", named("Jo", "Later"), null, leadId), 0, "alice");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> listed(leadId)
                        .body("totalItems", equalTo(1))
                        .body("items[0].firstName", equalTo("Joan"))
                        .body("items[0].version", equalTo(2)));
        assertThat(parkedVersions(contactId)).isEmpty();
        assertThat(position(contactId)).isEqualTo(2);
        System.out.printf(
                "F8 out of order: version 2 parked, then applied after version 1 (position %d)%n", position(contactId));
    }

    @Test
    void aRepairForgetsTheRecordAndRebuildsItFromItsEventsAgain() {
        String contactId = id();
        String leadId = id();
        ContactCreated created = new ContactCreated(contactId, "alice", named("Ann", "Before"), null, leadId);
        KafkaTopics.publish(created, 0, "alice");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        listed(leadId).body("totalItems", equalTo(1)).body("items[0].lastName", equalTo("Before")));

        // the event store's stream as a repair publishes it again: its first event marked, with the same sequence
        ContactUpdated renamed = new ContactUpdated(contactId, List.of("lastName"), named("Ann", "After"), null);
        Map<String, String> first = new HashMap<>(KafkaTopics.publishHeaders(created, 0, "alice"));
        first.put(CloudEventHeaders.REPAIR, "repair-1");
        KafkaTopics.send(Topics.CONTACT, contactId, KafkaTopics.json(created), first);
        Map<String, String> second = new HashMap<>(KafkaTopics.publishHeaders(renamed, 1, "alice"));
        second.put(CloudEventHeaders.REPAIR, "repair-1");
        KafkaTopics.send(Topics.CONTACT, contactId, KafkaTopics.json(renamed), second);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> listed(leadId)
                        .body("items[0].lastName", equalTo("After"))
                        .body("items[0].version", equalTo(2)));
        // the same repair again changes nothing
        KafkaTopics.send(Topics.CONTACT, contactId, KafkaTopics.json(created), first);
        KafkaTopics.send(Topics.CONTACT, contactId, KafkaTopics.json(renamed), second);
        KafkaTopics.publish(
                new ContactUpdated(contactId, List.of("firstName"), named("Anna", "After"), null), 2, "alice");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> listed(leadId)
                        .body("items[0].firstName", equalTo("Anna"))
                        .body("items[0].version", equalTo(3)));
        assertThat(position(contactId)).isEqualTo(3);
    }

    @Test
    void aManagerRepairsAContactTheReadModelLostAndTheRepairIsTheSameTwice() throws SQLException {
        String last = "Mended-" + id();
        String contactId = as(ALICE)
                .body("{\"lastName\":\"" + last + "\"}")
                .post("/api/v1/contacts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(ALICE)
                .contentType("application/merge-patch+json")
                .header("If-Match", "\"1\"")
                .body("{\"firstName\":\"Ida\"}")
                .patch("/api/v1/contacts/" + contactId)
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> as(ALICE).get("/api/v1/contacts?q=" + last).then().body("items[0].version", equalTo(2)));
        // the read model loses the row (as a dead-lettered creation would have left it)
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("delete from contact_view where id = ?")) {
            delete.setString(1, contactId);
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }
        as(ALICE).get("/api/v1/contacts?q=" + last).then().body("totalItems", equalTo(0));

        String body = "{\"recordType\":\"CONTACT\",\"recordId\":\"" + contactId + "\"}";
        as(ALICE).body(body).post("/api/v1/repairs").then().statusCode(403).body("code", equalTo("sales-manager-only"));
        for (int round = 1; round <= 2; round++) {
            as(MANAGER)
                    .body(body)
                    .post("/api/v1/repairs")
                    .then()
                    .statusCode(200)
                    .body("recordId", equalTo(contactId))
                    .body("topic", equalTo(Topics.CONTACT))
                    .body("events", equalTo(2))
                    .body("version", equalTo(2));
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> as(ALICE)
                            .get("/api/v1/contacts?q=" + last)
                            .then()
                            .body("totalItems", equalTo(1))
                            .body("items[0].firstName", equalTo("Ida"))
                            .body("items[0].version", equalTo(2)));
        }
        // an account id is not a contact; an unknown id is not found; a bad kind names the field
        as(MANAGER)
                .body("{\"recordType\":\"ACCOUNT\",\"recordId\":\"" + contactId + "\"}")
                .post("/api/v1/repairs")
                .then()
                .statusCode(404);
        as(MANAGER)
                .body("{\"recordType\":\"CONTACT\",\"recordId\":\"" + id() + "\"}")
                .post("/api/v1/repairs")
                .then()
                .statusCode(404);
        as(MANAGER)
                .body("{\"recordType\":\"SPACESHIP\",\"recordId\":\"x\"}")
                .post("/api/v1/repairs")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    private List<Long> parkedVersions(String subject) {
        return query(
                "select version from crm_parked_event where consumer_group = ? and subject = ? order by version",
                subject);
    }

    private long position(String subject) {
        List<Long> versions =
                query("select version from crm_stream_position where consumer_group = ? and subject = ?", subject);
        return versions.isEmpty() ? 0 : versions.get(0);
    }

    private List<Long> query(String sql, String subject) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, GROUP);
            select.setString(2, subject);
            try (ResultSet rows = select.executeQuery()) {
                List<Long> versions = new java.util.ArrayList<>();
                while (rows.next()) {
                    versions.add(rows.getLong(1));
                }
                return versions;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.crm.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.testing.Contracts;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance scenario, its ten steps in order, across the four services run as processes from their packaged
 * applications on one broker and one PostgreSQL server (fresh databases: no earlier run's Jon Doe). Every step is
 * checked through the REST APIs; the business events it publishes are checked on Kafka: keyed by their aggregate's
 * id, with their CloudEvents headers, and valid against their published schema.
 */
class LabTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String MERGE_PATCH = "application/merge-patch+json; charset=UTF-8";
    private static CrmSystem system;
    private static ServiceProcess leads;
    private static ServiceProcess contactsAndAccounts;
    private static ServiceProcess opportunities;
    private static ServiceProcess timeline;
    private static String alice;

    @BeforeAll
    static void startTheSystem() {
        system = CrmSystem.start();
        leads = system.service("lead-service");
        contactsAndAccounts = system.service("contact-account-service");
        opportunities = system.service("opportunity-service");
        timeline = system.service("timeline-service");
        alice = TestTokens.salesperson("alice");
    }

    @AfterAll
    static void stopTheSystem() {
        system.close();
    }

    @Test
    void theLabWorksEndToEnd() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate tomorrow = today.plusDays(1);

        // 1. three leads
        String jane = createLead(Map.of(
                "topic",
                "Prospect machine à café sans société",
                "firstName",
                "Jane",
                "lastName",
                "Doe",
                "jobTitle",
                "Responsable de la cafétéria"));
        String jon = createLead(Map.of(
                "topic",
                "Prospect machine à café avec société",
                "firstName",
                "Jon",
                "lastName",
                "Doe",
                "companyName",
                "Doe Inc."));
        String jack = createLead(Map.of(
                "topic",
                "Autre prospect machine à café",
                "firstName",
                "Jack",
                "lastName",
                "Rogers",
                "companyName",
                "Test Coffee Shop, Inc."));
        for (String lead : List.of(jane, jon, jack)) {
            event(Topics.LEAD, "crm.lead.created.v1", lead);
        }

        // 2. Jane's lead: an opportunity and a contact, no account
        ExtractableResponse<?> janeQualified = as(leads)
                .body("{}")
                .post("/api/v1/leads/" + jane + "/qualify")
                .then()
                .statusCode(200)
                .body("accountId", nullValue())
                .extract();
        String janeContact = janeQualified.path("contactId");
        String janeOpportunity = janeQualified.path("opportunityId");
        awaitFound(contactsAndAccounts, "/api/v1/contacts/" + janeContact)
                .then()
                .body("firstName", equalTo("Jane"))
                .body("lastName", equalTo("Doe"))
                .body("jobTitle", equalTo("Responsable de la cafétéria"));
        awaitFound(opportunities, "/api/v1/opportunities/" + janeOpportunity)
                .then()
                .body("contactId", equalTo(janeContact))
                .body("accountId", nullValue());
        ConsumerRecord<String, byte[]> qualified = event(Topics.LEAD, "crm.lead.qualified.v1", jane);
        assertThat(new String(qualified.value(), java.nio.charset.StandardCharsets.UTF_8))
                .contains(janeOpportunity);

        // 3. Jon's lead: opportunity, contact Jon Doe and account Doe Inc., linked
        ExtractableResponse<?> jonQualified = as(leads)
                .body("{}")
                .post("/api/v1/leads/" + jon + "/qualify")
                .then()
                .statusCode(200)
                .extract();
        String contact = jonQualified.path("contactId");
        String account = jonQualified.path("accountId");
        String opportunity = jonQualified.path("opportunityId");
        awaitFound(contactsAndAccounts, "/api/v1/accounts/" + account)
                .then()
                .body("name", equalTo("Doe Inc."))
                .body("primaryContactId", equalTo(contact));
        awaitFound(contactsAndAccounts, "/api/v1/contacts/" + contact)
                .then()
                .body("lastName", equalTo("Doe"))
                .body("parentAccountId", equalTo(account));
        awaitFound(opportunities, "/api/v1/opportunities/" + opportunity)
                .then()
                .body("accountId", equalTo(account))
                .body("contactId", equalTo(contact))
                .body("originatingLeadId", equalTo(jon))
                .body("stage", equalTo("QUALIFY"));
        event(Topics.LEAD, "crm.lead.qualified.v1", jon);
        event(Topics.CONTACT, "crm.contact.created.v1", contact);
        event(Topics.ACCOUNT, "crm.account.created.v1", account);
        event(Topics.OPPORTUNITY, "crm.opportunity.created.v1", opportunity);

        // 4. Jack's lead disqualified: read-only, out of the open leads, in the closed ones
        as(leads)
                .body(Map.of("reason", "NO_LONGER_INTERESTED"))
                .post("/api/v1/leads/" + jack + "/disqualify")
                .then()
                .statusCode(200)
                .body("state", equalTo("DISQUALIFIED"));
        as(leads)
                .contentType(MERGE_PATCH)
                .body("{\"rating\":\"COLD\"}")
                .patch("/api/v1/leads/" + jack)
                .then()
                .statusCode(409)
                .body("code", equalTo("lead-read-only"));
        as(leads).get("/api/v1/leads?view=my-open&size=200").then().body("items.id", not(hasItem(jack)));
        as(leads).get("/api/v1/leads?view=closed&size=200").then().body("items.id", hasItem(jack));
        event(Topics.LEAD, "crm.lead.disqualified.v1", jack);

        // 5. reactivated: OPEN/NEW and editable
        as(leads)
                .post("/api/v1/leads/" + jack + "/reactivate")
                .then()
                .statusCode(200)
                .body("state", equalTo("OPEN"))
                .body("statusReason", equalTo("NEW"));
        as(leads)
                .contentType(MERGE_PATCH)
                .body("{\"rating\":\"WARM\"}")
                .patch("/api/v1/leads/" + jack)
                .then()
                .statusCode(200)
                .body("rating", equalTo("WARM"));
        event(Topics.LEAD, "crm.lead.reactivated.v1", jack);

        // 6. Jon's opportunity estimated
        as(opportunities)
                .contentType(MERGE_PATCH)
                .body("{\"budgetAmount\":{\"amount\":17000,\"currency\":\"USD\"},"
                        + "\"purchaseTimeframe\":\"THIS_QUARTER\",\"purchaseProcess\":\"COMMITTEE\",\"description\":"
                        + "\"Machine à café pour la cafétéria\",\"estimatedCloseDate\":\"" + tomorrow + "\","
                        + "\"estimatedRevenue\":{\"amount\":16500,\"currency\":\"USD\"}}")
                .patch("/api/v1/opportunities/" + opportunity)
                .then()
                .statusCode(200)
                .body("budgetAmount.amount", equalTo(17000))
                .body("estimatedCloseDate", equalTo(tomorrow.toString()));
        event(Topics.OPPORTUNITY, "crm.opportunity.updated.v1", opportunity);

        // 7. a phone call due today 16:30: on the opportunity's timeline and in the owner's notifications
        String call = await().atMost(PATIENCE)
                .until(
                        () -> as(timeline)
                                .body("{\"type\":\"PHONE_CALL\",\"subject\":"
                                        + "\"premier appel de Jon\",\"dueAt\":\"" + today
                                        + "T16:30:00Z\",\"regarding\":{\"type\":"
                                        + "\"OPPORTUNITY\",\"id\":\"" + opportunity + "\"}}")
                                .post("/api/v1/activities")
                                .then()
                                .extract(),
                        answer -> answer.statusCode() != 400)
                .response()
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(timeline)
                .get("/api/v1/timeline/opportunity/" + opportunity)
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo(call));
        assertThat(notifications()).contains("activity:" + call);
        event(Topics.ACTIVITY, "crm.activity.created.v1", call);

        // 8. Develop, then Propose, each with its steps complete
        as(opportunities)
                .post("/api/v1/opportunities/" + opportunity + "/process/next-stage")
                .then()
                .statusCode(200)
                .body("activeStage", equalTo("DEVELOP"));
        as(opportunities)
                .body(Map.of("name", "Café Express"))
                .post("/api/v1/opportunities/" + opportunity + "/competitors")
                .then()
                .statusCode(201);
        as(opportunities)
                .contentType(MERGE_PATCH)
                .body("{\"customerNeed\":\"Du café pour 40\",\"proposedSolution\":"
                        + "\"Machine à grains\",\"identifyStakeholders\":true,\"identifyCompetitors\":true}")
                .patch("/api/v1/opportunities/" + opportunity + "/process/steps")
                .then()
                .statusCode(200);
        as(opportunities)
                .post("/api/v1/opportunities/" + opportunity + "/process/next-stage")
                .then()
                .statusCode(200)
                .body("activeStage", equalTo("PROPOSE"));
        as(opportunities)
                .contentType(MERGE_PATCH)
                .body("{\"identifySalesTeam\":true,\"developProposal\":true,"
                        + "\"completeInternalReview\":true,\"presentProposal\":true}")
                .patch("/api/v1/opportunities/" + opportunity + "/process/steps")
                .then()
                .statusCode(200);
        as(opportunities)
                .post("/api/v1/opportunities/" + opportunity + "/process/next-stage")
                .then()
                .statusCode(200)
                .body("activeStage", equalTo("CLOSE"));
        assertThat(events(Topics.OPPORTUNITY, "crm.opportunity.stage-advanced.v1", opportunity, 3))
                .hasSize(3);

        // 9. the call completed: it leaves the notifications
        as(timeline)
                .body("{\"statusReason\":\"MADE\"}")
                .post("/api/v1/activities/" + call + "/complete")
                .then()
                .statusCode(200)
                .body("state", equalTo("COMPLETED"));
        assertThat(notifications()).doesNotContain("activity:" + call);
        event(Topics.ACTIVITY, "crm.activity.completed.v1", call);

        // 10. Close steps, finish, won: WON and read-only
        as(opportunities)
                .contentType(MERGE_PATCH)
                .body("{\"completeFinalProposal\":true,\"presentFinalProposal\":true," + "\"confirmDecisionDate\":\""
                        + tomorrow + "\",\"sendThankYouNote\":true,\"fileDebrief\":true}")
                .patch("/api/v1/opportunities/" + opportunity + "/process/steps")
                .then()
                .statusCode(200);
        as(opportunities)
                .post("/api/v1/opportunities/" + opportunity + "/process/finish")
                .then()
                .statusCode(200);
        as(opportunities)
                .body("{}")
                .post("/api/v1/opportunities/" + opportunity + "/win")
                .then()
                .statusCode(200)
                .body("state", equalTo("WON"))
                .body("actualRevenue.amount", equalTo(16500));
        as(opportunities)
                .contentType(MERGE_PATCH)
                .body("{\"rating\":\"HOT\"}")
                .patch("/api/v1/opportunities/" + opportunity)
                .then()
                .statusCode(409)
                .body("code", equalTo("opportunity-read-only"));
        event(Topics.OPPORTUNITY, "crm.opportunity.won.v1", opportunity);

        // and the opportunity's story, newest first, on its timeline
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(as(timeline)
                                .get("/api/v1/timeline/opportunity/" + opportunity + "?kind=EVENT")
                                .then()
                                .statusCode(200)
                                .extract()
                                .<List<String>>path("items.eventType"))
                        .containsSubsequence(
                                "crm.opportunity.won.v1",
                                "crm.opportunity.stage-advanced.v1",
                                "crm.opportunity.stage-advanced.v1",
                                "crm.opportunity.stage-advanced.v1",
                                "crm.opportunity.created.v1",
                                "crm.lead.qualified.v1"));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static RequestSpecification as(ServiceProcess service) {
        return given().baseUri(service.baseUrl())
                .auth()
                .oauth2(alice)
                .contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    private static String createLead(Map<String, String> lead) {
        return as(leads)
                .body(lead)
                .post("/api/v1/leads")
                .then()
                .statusCode(201)
                .body("state", equalTo("OPEN"))
                .body("statusReason", equalTo("NEW"))
                .extract()
                .path("id");
    }

    private static io.restassured.response.Response awaitFound(ServiceProcess service, String path) {
        Supplier<io.restassured.response.Response> get = () -> as(service).get(path);
        return await().atMost(PATIENCE).until(get::get, answer -> answer.statusCode() == 200);
    }

    private static List<String> notifications() {
        return as(timeline)
                .get("/api/v1/notifications?size=200")
                .then()
                .statusCode(200)
                .extract()
                .path("items.id");
    }

    /** The one event of {@code ceType} about {@code aggregateId} on {@code topic}, checked as a consumer sees it. */
    private static ConsumerRecord<String, byte[]> event(String topic, String ceType, String aggregateId) {
        return events(topic, ceType, aggregateId, 1).get(0);
    }

    /**
     * The {@code count} events of {@code ceType} about {@code aggregateId}: keyed by the aggregate's id, with the
     * CloudEvents headers (spec version, id, source, type, subject = key, time, sequence, acting user) and a value
     * valid against the type's published schema.
     */
    private static List<ConsumerRecord<String, byte[]>> events(
            String topic, String ceType, String aggregateId, int count) {
        List<ConsumerRecord<String, byte[]>> found = await().atMost(PATIENCE)
                .until(
                        () -> KafkaTopics.readAll(
                                topic,
                                r -> aggregateId.equals(r.key())
                                        && ceType.equals(KafkaTopics.header(r, CloudEventHeaders.TYPE))),
                        records -> records.size() >= count);
        assertThat(found).as(ceType + " about " + aggregateId).hasSize(count);
        for (ConsumerRecord<String, byte[]> record : found) {
            assertThat(KafkaTopics.header(record, CloudEventHeaders.SPEC_VERSION))
                    .isEqualTo("1.0");
            assertThat(KafkaTopics.header(record, CloudEventHeaders.ID)).isNotBlank();
            assertThat(KafkaTopics.header(record, CloudEventHeaders.SOURCE)).isNotBlank();
            assertThat(KafkaTopics.header(record, CloudEventHeaders.SUBJECT)).isEqualTo(aggregateId);
            assertThat(KafkaTopics.header(record, CloudEventHeaders.TIME)).isNotBlank();
            assertThat(KafkaTopics.header(record, CloudEventHeaders.SEQUENCE)).matches("\\d+");
            assertThat(KafkaTopics.header(record, CloudEventHeaders.ACTING_USER))
                    .isEqualTo("alice");
            Contracts.assertConforms(ceType, record.value());
        }
        return found;
    }
}

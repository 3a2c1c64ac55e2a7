package dev.crm.lead.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.testing.Contracts;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class LeadApiTest {

    static final String MERGE_PATCH = "application/merge-patch+json; charset=UTF-8";

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static String create(String token, String body) {
        return as(token)
                .body(body)
                .post("/api/v1/leads")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void createWithTopicAndLastNameOnlyIsOpenNewAndOwnedByTheCaller() {
        Response response = as(TestTokens.salesperson("alice"))
                .body("{\"topic\":\"Prospect machine à café sans société\",\"lastName\":\"Doe\"}")
                .post("/api/v1/leads");
        response.then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/leads/"))
                .header("ETag", "\"1\"")
                .body("state", equalTo("OPEN"))
                .body("statusReason", equalTo("NEW"))
                .body("ownerId", equalTo("alice"))
                .body("createdBy", equalTo("alice"))
                .body("version", equalTo(1));
        String id = response.path("id");
        as(TestTokens.salesperson("alice"))
                .get("/api/v1/leads/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body("topic", equalTo("Prospect machine à café sans société"));
    }

    @Test
    void missingLastNameOrTooLongTopicIsA400NamingTheField() {
        as(TestTokens.salesperson("alice"))
                .body("{\"topic\":\"t\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("lastName"));
        as(TestTokens.salesperson("alice"))
                .body("{\"topic\":\"" + "x".repeat(301) + "\",\"lastName\":\"Doe\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("topic"))
                .body("errors.reason", hasItem(containsString("300")));
        as(TestTokens.salesperson("alice"))
                .body("{\"topic\":\"t\",\"lastName\":\"Doe\",\"rating\":\"LUKEWARM\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("rating"));
        as(TestTokens.salesperson("alice"))
                .body("{not json")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void requestsWithoutATokenAreRefused() {
        given().contentType(ContentType.JSON)
                .body("{\"topic\":\"t\",\"lastName\":\"Doe\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(401);
    }

    @Test
    void everyEventIsOnTheLeadTopicKeyedByLeadWithCloudEventHeadersAndAValidValue() {
        String token = TestTokens.salesperson("alice");
        String id = create(
                token,
                "{\"topic\":\"Prospect machine à café avec société\",\"firstName\":\"Jon\",\"lastName\":\"Doe\",\"companyName\":\"Doe Inc.\"}");
        as(token)
                .contentType(MERGE_PATCH)
                .body(
                        "{\"budgetAmount\":{\"amount\":17000,\"currency\":\"USD\"},\"purchaseTimeframe\":\"THIS_QUARTER\"}")
                .patch("/api/v1/leads/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"");
        as(token).body("{}").post("/api/v1/leads/" + id + "/qualify").then().statusCode(200);

        List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(20))
                .until(() -> KafkaTopics.readAll(Topics.LEAD, r -> id.equals(r.key())), r -> r.size() == 3);
        assertThat(records)
                .extracting(r -> KafkaTopics.header(r, CloudEventHeaders.TYPE))
                .containsExactly("crm.lead.created.v1", "crm.lead.updated.v1", "crm.lead.qualified.v1");
        assertThat(records)
                .extracting(r -> KafkaTopics.header(r, CloudEventHeaders.SEQUENCE))
                .containsExactly("0", "1", "2");
        assertThat(records)
                .extracting(r -> KafkaTopics.header(r, CloudEventHeaders.ID))
                .doesNotHaveDuplicates()
                .doesNotContainNull();
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(KafkaTopics.header(record, CloudEventHeaders.SPEC_VERSION))
                    .isEqualTo("1.0");
            assertThat(KafkaTopics.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/crm/lead-service");
            assertThat(KafkaTopics.header(record, CloudEventHeaders.SUBJECT)).isEqualTo(id);
            assertThat(KafkaTopics.header(record, CloudEventHeaders.TIME)).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(KafkaTopics.header(record, CloudEventHeaders.CONTENT_TYPE))
                    .isEqualTo("application/json");
            assertThat(KafkaTopics.header(record, CloudEventHeaders.ACTING_USER))
                    .isEqualTo("alice");
            assertThat(KafkaTopics.header(record, CloudEventHeaders.CORRELATION_ID))
                    .isNotBlank();
            Contracts.assertConforms(KafkaTopics.header(record, CloudEventHeaders.TYPE), record.value());
        }
        assertThat(new String(records.get(1).value())).contains("\"amount\":17000");
    }

    @Test
    void qualifiedLeadIsReadOnlyUntilReactivated() {
        String token = TestTokens.salesperson("alice");
        String jane = create(
                token,
                "{\"topic\":\"Prospect machine à café sans société\",\"firstName\":\"Jane\",\"lastName\":\"Doe\",\"jobTitle\":\"Responsable de la cafétéria\"}");
        as(token)
                .post("/api/v1/leads/" + jane + "/qualify")
                .then()
                .statusCode(200)
                .body("contactId", notNullValue())
                .body("opportunityId", notNullValue())
                .body("accountId", nullValue());
        as(token)
                .get("/api/v1/leads/" + jane)
                .then()
                .body("state", equalTo("QUALIFIED"))
                .body("statusReason", equalTo("QUALIFIED"))
                .body("qualification.contactId", notNullValue());

        as(token)
                .contentType(MERGE_PATCH)
                .body("{\"jobTitle\":\"Gérante\"}")
                .patch("/api/v1/leads/" + jane)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("lead-read-only"));
        as(token)
                .body("{\"reason\":\"LOST\"}")
                .post("/api/v1/leads/" + jane + "/disqualify")
                .then()
                .statusCode(409);

        as(token)
                .post("/api/v1/leads/" + jane + "/reactivate")
                .then()
                .statusCode(200)
                .body("state", equalTo("OPEN"))
                .body("statusReason", equalTo("NEW"));
        as(token)
                .contentType(MERGE_PATCH)
                .body("{\"jobTitle\":\"Gérante\",\"firstName\":null}")
                .patch("/api/v1/leads/" + jane)
                .then()
                .statusCode(200)
                .body("jobTitle", equalTo("Gérante"))
                .body("firstName", nullValue())
                .body("lastName", equalTo("Doe"));

        String jon = create(
                token,
                "{\"topic\":\"Prospect machine à café avec société\",\"firstName\":\"Jon\",\"lastName\":\"Doe\",\"companyName\":\"Doe Inc.\"}");
        as(token)
                .post("/api/v1/leads/" + jon + "/qualify")
                .then()
                .statusCode(200)
                .body("accountId", notNullValue())
                .body("newAccount", equalTo(true))
                .body("contactId", notNullValue());
    }

    @Test
    void disqualifiedLeadLeavesMyOpenLeadsAndAppearsInClosedLeads() {
        String token = TestTokens.salesperson("carol");
        String jack = create(
                token,
                "{\"topic\":\"Autre prospect machine à café\",\"firstName\":\"Jack\",\"lastName\":\"Rogers\",\"companyName\":\"Test Coffee Shop, Inc.\"}");
        as(token).get("/api/v1/leads?view=my-open").then().statusCode(200).body("items.id", hasItem(jack));

        as(token)
                .body("{\"reason\":\"NO_LONGER_INTERESTED\"}")
                .post("/api/v1/leads/" + jack + "/disqualify")
                .then()
                .statusCode(200)
                .body("state", equalTo("DISQUALIFIED"))
                .body("statusReason", equalTo("NO_LONGER_INTERESTED"));
        as(token).get("/api/v1/leads?view=my-open").then().body("items.id", not(hasItem(jack)));
        as(token).get("/api/v1/leads?view=closed").then().body("items.id", hasItem(jack));
        as(token).get("/api/v1/leads?view=all&q=coffee shop").then().body("items.id", hasItem(jack));

        as(token)
                .post("/api/v1/leads/" + jack + "/reactivate")
                .then()
                .statusCode(200)
                .body("statusReason", equalTo("NEW"));
        as(token).get("/api/v1/leads?view=my-open").then().body("items.id", hasItem(jack));
    }

    @Test
    void listsValidateTheirParameters() {
        String token = TestTokens.salesperson("alice");
        as(token).get("/api/v1/leads?size=1000").then().statusCode(400).body("errors.field", hasItem("size"));
        as(token).get("/api/v1/leads?view=mine").then().statusCode(400).body("errors.field", hasItem("view"));
        as(token).get("/api/v1/leads?sort=password").then().statusCode(400).body("errors.field", hasItem("sort"));
        as(token)
                .get("/api/v1/leads?sort=-createdAt&size=2")
                .then()
                .statusCode(200)
                .body("size", equalTo(2));
    }

    @Test
    void twoConcurrentQualifiesOfOneLeadLetExactlyOneSucceed() throws Exception {
        String token = TestTokens.salesperson("alice");
        String id = create(token, "{\"topic\":\"race\",\"lastName\":\"Racer\"}");
        Callable<Integer> qualify =
                () -> as(token).post("/api/v1/leads/" + id + "/qualify").statusCode();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(qualify));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdown();
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> KafkaTopics.readAll(Topics.LEAD, r -> id.equals(r.key()))
                                .size()
                        == 2);
        assertThat(KafkaTopics.readAll(Topics.LEAD, r -> id.equals(r.key())))
                .extracting(r -> KafkaTopics.header(r, CloudEventHeaders.TYPE))
                .containsExactly("crm.lead.created.v1", "crm.lead.qualified.v1");
    }

    @Test
    void staleIfMatchIsRefusedAndTheCurrentOneAccepted() {
        String token = TestTokens.salesperson("alice");
        String id = create(token, "{\"topic\":\"versions\",\"lastName\":\"Doe\"}");
        as(token)
                .contentType(MERGE_PATCH)
                .header("If-Match", "\"1\"")
                .body("{\"rating\":\"HOT\"}")
                .patch("/api/v1/leads/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"");
        as(token)
                .contentType(MERGE_PATCH)
                .header("If-Match", "\"1\"")
                .body("{\"rating\":\"COLD\"}")
                .patch("/api/v1/leads/" + id)
                .then()
                .statusCode(409)
                .body("code", equalTo("stale-version"))
                .body("currentVersion", equalTo(2));
        as(token).get("/api/v1/leads/" + id).then().body("rating", equalTo("HOT"));
    }

    @Test
    void salespersonCannotChangeAnothersLeadButASalesManagerCan() {
        String id = create(TestTokens.salesperson("alice"), "{\"topic\":\"ownership\",\"lastName\":\"Doe\"}");
        as(TestTokens.salesperson("bob"))
                .contentType(MERGE_PATCH)
                .body("{\"rating\":\"HOT\"}")
                .patch("/api/v1/leads/" + id)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        as(TestTokens.salesperson("bob"))
                .body("{\"ownerId\":\"bob\"}")
                .post("/api/v1/leads/" + id + "/assign")
                .then()
                .statusCode(403);
        as(TestTokens.manager("maria"))
                .contentType(MERGE_PATCH)
                .body("{\"rating\":\"HOT\"}")
                .patch("/api/v1/leads/" + id)
                .then()
                .statusCode(200)
                .body("modifiedBy", equalTo("maria"));
        as(TestTokens.manager("maria"))
                .body("{\"ownerId\":\"bob\"}")
                .post("/api/v1/leads/" + id + "/assign")
                .then()
                .statusCode(200)
                .body("ownerId", equalTo("bob"));
        as(TestTokens.salesperson("bob"))
                .contentType(MERGE_PATCH)
                .body("{\"rating\":\"WARM\"}")
                .patch("/api/v1/leads/" + id)
                .then()
                .statusCode(200);
    }

    @Test
    void patchRefusesUnknownAndReadOnlyFields() {
        String token = TestTokens.salesperson("alice");
        String id = create(token, "{\"topic\":\"patch\",\"lastName\":\"Doe\"}");
        as(token)
                .contentType(MERGE_PATCH)
                .body("{\"ratng\":\"HOT\"}")
                .patch("/api/v1/leads/" + id)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("ratng"));
        as(token)
                .contentType(MERGE_PATCH)
                .body("{\"state\":\"QUALIFIED\"}")
                .patch("/api/v1/leads/" + id)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("state"));
        as(token)
                .contentType(MERGE_PATCH)
                .body("{\"lastName\":null}")
                .patch("/api/v1/leads/" + id)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("lastName"));
        as(token).get("/api/v1/leads/" + id).then().body("version", equalTo(1));
    }

    @Test
    void stakeholdersCanBeAddedChangedAndRemoved() {
        String token = TestTokens.salesperson("alice");
        String id = create(token, "{\"topic\":\"connections\",\"lastName\":\"Doe\"}");
        as(token)
                .body("{\"contactId\":\"c-42\"}")
                .post("/api/v1/leads/" + id + "/stakeholders")
                .then()
                .statusCode(201)
                .body("[0].role", equalTo("STAKEHOLDER"));
        as(token)
                .body("{\"role\":\"DECISION_MAKER\"}")
                .put("/api/v1/leads/" + id + "/stakeholders/c-42")
                .then()
                .statusCode(200)
                .body("[0].role", equalTo("DECISION_MAKER"));
        as(token).delete("/api/v1/leads/" + id + "/stakeholders/c-42").then().statusCode(204);
        as(token).delete("/api/v1/leads/" + id + "/stakeholders/c-42").then().statusCode(404);
    }

    @Test
    void historyListsEveryEventWithTypeTimeAndActingUser() {
        String id = create(TestTokens.salesperson("alice"), "{\"topic\":\"history\",\"lastName\":\"Doe\"}");
        as(TestTokens.salesperson("alice"))
                .body("{\"reason\":\"CANNOT_CONTACT\"}")
                .post("/api/v1/leads/" + id + "/disqualify")
                .then()
                .statusCode(200)
                .body("state", equalTo("DISQUALIFIED"))
                .body("statusReason", equalTo("CANNOT_CONTACT"))
                .header("ETag", "\"2\"");
        as(TestTokens.manager("maria"))
                .post("/api/v1/leads/" + id + "/reactivate")
                .then()
                .statusCode(200);
        as(TestTokens.salesperson("alice"))
                .get("/api/v1/leads/" + id + "/history")
                .then()
                .statusCode(200)
                .body(
                        "type",
                        equalTo(List.of("crm.lead.created.v1", "crm.lead.disqualified.v1", "crm.lead.reactivated.v1")))
                .body("actingUser", equalTo(List.of("alice", "alice", "maria")))
                .body("[1].data.reason", equalTo("CANNOT_CONTACT"))
                .body("[0].time", notNullValue());
        as(TestTokens.salesperson("alice"))
                .get("/api/v1/leads/does-not-exist/history")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @io.quarkus.test.common.http.TestHTTPResource(value = "", management = true)
    java.net.URL management;

    @Test
    void healthMetricsAndOpenApiAreServedOnTheManagementPortOnly() {
        // readiness is the database (and its migrations: the service does not start without them), never the broker
        given().get(management + "health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database connections")))
                .body("checks.name", not(hasItem("kafka-relay")))
                // SmallRye lists its readiness check, with no channel in it
                .body(
                        "checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data.lead-view",
                        nullValue());
        // the broker and the relay: their own group
        given().get(management + "health/group/messaging")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem("kafka-relay"))
                .body("checks.find { it.name == 'kafka-relay' }.data.backlog", notNullValue());
        // liveness: a channel that failed for good (a restart is then the cure)
        given().get(management + "health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(
                        "checks.find { it.name == 'SmallRye Reactive Messaging - liveness check' }.data.lead-view",
                        equalTo("[OK]"))
                .body(
                        "checks.find { it.name == 'SmallRye Reactive Messaging - liveness check' }.data.contact-account-replica",
                        equalTo("[OK]"));
        given().get(management + "metrics").then().statusCode(200);
        // the document defines the scheme every operation names, so that Swagger UI's Authorize sends the token
        given().get(management + "openapi?format=json")
                .then()
                .statusCode(200)
                .body(containsString("/api/v1/leads/{id}/qualify"))
                .body("components.securitySchemes.jwt.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/leads'.get.security[0].jwt", notNullValue());
        for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi")) {
            given().get(path).then().statusCode(404);
        }
    }
}

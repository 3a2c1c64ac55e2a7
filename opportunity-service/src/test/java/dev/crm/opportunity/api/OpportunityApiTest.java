package dev.crm.opportunity.api;

import static dev.crm.opportunity.api.OpportunityFixtures.BASE;
import static dev.crm.opportunity.api.OpportunityFixtures.MERGE_PATCH;
import static dev.crm.opportunity.api.OpportunityFixtures.account;
import static dev.crm.opportunity.api.OpportunityFixtures.as;
import static dev.crm.opportunity.api.OpportunityFixtures.contact;
import static dev.crm.opportunity.api.OpportunityFixtures.create;
import static dev.crm.opportunity.api.OpportunityFixtures.id;
import static dev.crm.opportunity.api.OpportunityFixtures.jonsOpportunity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
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
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class OpportunityApiTest {

    static final String ALICE = TestTokens.salesperson("alice");
    static final String BOB = TestTokens.salesperson("bob");
    static final String MARIA = TestTokens.manager("maria");

    @Test
    void aDirectCreationNeedsANameAndAKnownCustomer() {
        as(ALICE)
                .body("{\"name\":\"No customer\"}")
                .post(BASE)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("customer-required"))
                .body("errors.field", hasItem("accountId"));
        as(ALICE)
                .body("{\"accountId\":\"" + id() + "\"}")
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("name"));
        String ghost = id();
        as(ALICE)
                .body("{\"name\":\"Ghost\",\"accountId\":\"" + ghost + "\"}")
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("accountId"))
                .body("errors[0].reason", equalTo("no account with id " + ghost));
        as(ALICE)
                .body("{\"name\":\"Typo\",\"contactId\":\"" + id() + "\",\"probabilty\":20}")
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("probabilty"));
        as(ALICE)
                .body("{\"name\":\"Too sure\",\"contactId\":\"" + id() + "\",\"probability\":120}")
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("probability"));
    }

    @Test
    void aCreatedOpportunityIsOpenInProgressAtQualifyWithItsStagesForecast() {
        String accountId = account("Created Inc. " + id());
        String id = create(ALICE, "{\"name\":\"Direct deal\",\"accountId\":\"" + accountId + "\"}");
        as(ALICE)
                .get(BASE + "/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body("name", equalTo("Direct deal"))
                .body("accountId", equalTo(accountId))
                .body("contactId", nullValue())
                .body("state", equalTo("OPEN"))
                .body("statusReason", equalTo("IN_PROGRESS"))
                .body("stage", equalTo("QUALIFY"))
                .body("probability", equalTo(10))
                .body("forecastCategory", equalTo("PIPELINE"))
                .body("ownerId", equalTo("alice"))
                .body("originatingLeadId", nullValue())
                .body("closeRecords", hasSize(0));
    }

    /** The sales process of the lab, through this API alone: estimates, Develop, Propose, Close, finish, win. */
    @Test
    void anOpportunityIsWorkedThroughTheStagesAndWon() {
        String id = jonsOpportunity(ALICE, "Prospect machine à café avec société");
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        as(ALICE)
                .contentType(MERGE_PATCH)
                .header("If-Match", "\"1\"")
                .body(
                        "{\"budgetAmount\":{\"amount\":17000,\"currency\":\"USD\"},\"purchaseTimeframe\":\"THIS_QUARTER\","
                                + "\"purchaseProcess\":\"COMMITTEE\",\"description\":\"Machine à café pour la cafétéria\","
                                + "\"estimatedCloseDate\":\"" + tomorrow
                                + "\",\"estimatedRevenue\":{\"amount\":16500,\"currency\":\"USD\"}}")
                .patch(BASE + "/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("budgetAmount.amount", equalTo(17000))
                .body("purchaseTimeframe", equalTo("THIS_QUARTER"))
                .body("estimatedCloseDate", equalTo(tomorrow));

        // QUALIFY's steps that read fields are answered by them
        as(ALICE)
                .get(BASE + "/" + id + "/process")
                .then()
                .statusCode(200)
                .body("activeStage", equalTo("QUALIFY"))
                .body("stages.stage", contains("QUALIFY", "DEVELOP", "PROPOSE", "CLOSE"))
                .body("stages[0].active", equalTo(true))
                .body(
                        "stages[0].steps.name",
                        contains(
                                "identifyContact",
                                "identifyAccount",
                                "purchaseTimeframe",
                                "estimatedBudget",
                                "purchaseProcess",
                                "identifyDecisionMaker",
                                "captureSummary"))
                .body("stages[0].steps.find { it.name == 'estimatedBudget' }.complete", equalTo(true))
                .body("stages[0].steps.find { it.name == 'estimatedBudget' }.field", equalTo("budgetAmount"))
                .body("stages[0].steps.find { it.name == 'identifyDecisionMaker' }.complete", equalTo(false));

        as(ALICE)
                .post(BASE + "/" + id + "/process/next-stage")
                .then()
                .statusCode(200)
                .body("activeStage", equalTo("DEVELOP"));
        as(ALICE)
                .contentType(MERGE_PATCH)
                .body("{\"customerNeed\":\"Café pour 40 personnes\",\"proposedSolution\":\"Machine à grains\","
                        + "\"identifyStakeholders\":true,\"identifyCompetitors\":true}")
                .patch(BASE + "/" + id + "/process/steps")
                .then()
                .statusCode(200)
                .body("stages[1].complete", equalTo(true))
                .body("stages[1].steps.find { it.name == 'customerNeed' }.value", equalTo("Café pour 40 personnes"));
        as(ALICE)
                .get(BASE + "/" + id)
                .then()
                .body("customerNeed", equalTo("Café pour 40 personnes"))
                .body("probability", equalTo(40));
        as(ALICE)
                .post(BASE + "/" + id + "/process/next-stage")
                .then()
                .statusCode(200)
                .body("activeStage", equalTo("PROPOSE"));
        as(ALICE)
                .contentType(MERGE_PATCH)
                .body(
                        "{\"identifySalesTeam\":true,\"developProposal\":true,\"completeInternalReview\":true,\"presentProposal\":true}")
                .patch(BASE + "/" + id + "/process/steps")
                .then()
                .statusCode(200)
                .body("stages[2].complete", equalTo(true));
        as(ALICE)
                .post(BASE + "/" + id + "/process/next-stage")
                .then()
                .statusCode(200)
                .body("activeStage", equalTo("CLOSE"));
        as(ALICE)
                .post(BASE + "/" + id + "/process/next-stage")
                .then()
                .statusCode(409)
                .body("code", equalTo("last-stage"));
        as(ALICE)
                .contentType(MERGE_PATCH)
                .body("{\"completeFinalProposal\":true,\"presentFinalProposal\":true,\"confirmDecisionDate\":\""
                        + tomorrow + "\",\"sendThankYouNote\":true,\"fileDebrief\":true}")
                .patch(BASE + "/" + id + "/process/steps")
                .then()
                .statusCode(200)
                .body("stages[3].complete", equalTo(true));
        as(ALICE)
                .post(BASE + "/" + id + "/process/finish")
                .then()
                .statusCode(200)
                .body("finished", equalTo(true));

        as(ALICE)
                .body("{\"description\":\"Commande signée\"}")
                .post(BASE + "/" + id + "/win")
                .then()
                .statusCode(200)
                .body("state", equalTo("WON"))
                .body("statusReason", equalTo("WON"))
                .body("probability", equalTo(100))
                .body("forecastCategory", equalTo("WON"))
                .body("actualRevenue.amount", equalTo(16500))
                .body("actualCloseDate", equalTo(LocalDate.now(ZoneOffset.UTC).toString()))
                .body("closeRecords", hasSize(1))
                .body("closeRecords[0].closedBy", equalTo("alice"))
                .body("closeRecords[0].description", equalTo("Commande signée"));

        as(ALICE)
                .contentType(MERGE_PATCH)
                .body("{\"rating\":\"HOT\"}")
                .patch(BASE + "/" + id)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("opportunity-read-only"));
        as(ALICE).get(BASE + "?view=won&q=" + "société").then().statusCode(200).body("items.id", hasItem(id));
        as(ALICE).get(BASE + "?view=my-open").then().body("items.id", not(hasItem(id)));

        // the business events, as downstream consumers see them
        List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(20))
                .until(() -> KafkaTopics.readAll(Topics.OPPORTUNITY, r -> id.equals(r.key())), r -> r.size() >= 11);
        List<String> types = records.stream()
                .map(r -> KafkaTopics.header(r, CloudEventHeaders.TYPE))
                .toList();
        assertThat(types)
                .containsExactly(
                        "crm.opportunity.created.v1",
                        "crm.opportunity.updated.v1",
                        "crm.opportunity.stage-advanced.v1",
                        "crm.opportunity.updated.v1",
                        "crm.opportunity.steps-updated.v1",
                        "crm.opportunity.stage-advanced.v1",
                        "crm.opportunity.steps-updated.v1",
                        "crm.opportunity.stage-advanced.v1",
                        "crm.opportunity.steps-updated.v1",
                        "crm.opportunity.process-finished.v1",
                        "crm.opportunity.won.v1");
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(KafkaTopics.header(record, CloudEventHeaders.SUBJECT)).isEqualTo(id);
            assertThat(KafkaTopics.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/crm/opportunity-service");
            assertThat(KafkaTopics.header(record, CloudEventHeaders.ACTING_USER))
                    .isEqualTo("alice");
            Contracts.assertConforms(KafkaTopics.header(record, CloudEventHeaders.TYPE), record.value());
        }
        assertThat(new String(records.get(2).value())).contains("\"from\":\"QUALIFY\"", "\"to\":\"DEVELOP\"");
    }

    @Test
    void aLostOpportunityKeepsItsCloseRecordAndIsEditableOnceReopened() {
        String id = jonsOpportunity(ALICE, "Lost deal");
        as(ALICE)
                .body("{\"name\":\"Café Express\",\"strengths\":\"Prix\"}")
                .post(BASE + "/" + id + "/competitors")
                .then()
                .statusCode(201)
                .body("name", contains("Café Express"));
        as(ALICE)
                .body("{\"name\":\"CAFE EXPRESS\"}")
                .post(BASE + "/" + id + "/competitors")
                .then()
                .statusCode(409)
                .body("code", equalTo("competitor-exists"));
        as(ALICE)
                .body("{\"reason\":\"OUT_SOLD\",\"competitor\":\"cafe express\",\"description\":\"Moins cher\"}")
                .post(BASE + "/" + id + "/lose")
                .then()
                .statusCode(200)
                .body("state", equalTo("LOST"))
                .body("statusReason", equalTo("OUT_SOLD"))
                .body("forecastCategory", equalTo("LOST"))
                .body("probability", equalTo(0))
                .body("closeRecords[0].competitor", equalTo("cafe express"))
                .body("closeRecords[0].competitorId", notNullValue())
                .body("closeRecords[0].statusReason", equalTo("OUT_SOLD"));
        as(ALICE)
                .post(BASE + "/" + id + "/process/next-stage")
                .then()
                .statusCode(409)
                .body("code", equalTo("opportunity-read-only"));
        as(ALICE).get(BASE + "?view=lost").then().body("items.id", hasItem(id));

        as(ALICE)
                .post(BASE + "/" + id + "/reopen")
                .then()
                .statusCode(200)
                .body("state", equalTo("OPEN"))
                .body("statusReason", equalTo("IN_PROGRESS"))
                .body("forecastCategory", equalTo("PIPELINE"))
                .body("actualCloseDate", nullValue())
                .body("closeRecords", hasSize(1));
        as(ALICE)
                .contentType(MERGE_PATCH)
                .body("{\"rating\":\"HOT\"}")
                .patch(BASE + "/" + id)
                .then()
                .statusCode(200)
                .body("rating", equalTo("HOT"));
        as(ALICE)
                .post(BASE + "/" + id + "/reopen")
                .then()
                .statusCode(409)
                .body("code", equalTo("opportunity-already-open"));
        as(ALICE)
                .body("{\"reason\":\"WON\"}")
                .post(BASE + "/" + id + "/lose")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("statusReason"));
    }

    @Test
    void stepsAndFieldsAreChangedOnlyThroughTheirOwnEndpoints() {
        String id = jonsOpportunity(ALICE, "Endpoints");
        as(ALICE)
                .contentType(MERGE_PATCH)
                .body("{\"stage\":\"CLOSE\"}")
                .patch(BASE + "/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("stage"))
                .body("errors[0].reason", containsString("/process/next-stage"));
        as(ALICE)
                .contentType(MERGE_PATCH)
                .body("{\"forecastCategory\":\"WON\"}")
                .patch(BASE + "/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("forecastCategory"));
        as(ALICE)
                .contentType(MERGE_PATCH)
                .body("{\"identifySalseTeam\":true}")
                .patch(BASE + "/" + id + "/process/steps")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("identifySalseTeam"));
        as(ALICE)
                .contentType(MERGE_PATCH)
                .body("{\"identifyAccount\":null,\"identifyContact\":null}")
                .patch(BASE + "/" + id + "/process/steps")
                .then()
                .statusCode(400)
                .body("code", equalTo("customer-required"));
        as(ALICE)
                .post(BASE + "/" + id + "/process/finish")
                .then()
                .statusCode(409)
                .body("code", equalTo("not-at-last-stage"));
        as(ALICE)
                .post(BASE + "/" + id + "/process/previous-stage")
                .then()
                .statusCode(409)
                .body("code", equalTo("first-stage"));
        as(ALICE)
                .body("{\"statusReason\":\"ON_HOLD\"}")
                .post(BASE + "/" + id + "/status-reason")
                .then()
                .statusCode(200)
                .body("statusReason", equalTo("ON_HOLD"))
                .body("state", equalTo("OPEN"));
        // a stale If-Match is the caller's conflict
        as(ALICE)
                .contentType(MERGE_PATCH)
                .header("If-Match", "\"1\"")
                .body("{\"rating\":\"COLD\"}")
                .patch(BASE + "/" + id)
                .then()
                .statusCode(409)
                .body("code", equalTo("stale-version"));
    }

    @Test
    void onlyTheOwnerOrAManagerChangesAnOpportunityAndOnlyAManagerAssignsIt() {
        String id = jonsOpportunity(ALICE, "Owned by alice");
        as(BOB).contentType(MERGE_PATCH)
                .body("{\"rating\":\"HOT\"}")
                .patch(BASE + "/" + id)
                .then()
                .statusCode(403)
                .body("code", equalTo("not-owner"));
        as(BOB).body("{\"ownerId\":\"bob\"}")
                .post(BASE + "/" + id + "/assign")
                .then()
                .statusCode(403);
        as(MARIA)
                .body("{\"ownerId\":\"bob\"}")
                .post(BASE + "/" + id + "/assign")
                .then()
                .statusCode(200)
                .body("ownerId", equalTo("bob"));
        as(BOB).post(BASE + "/" + id + "/process/next-stage").then().statusCode(200);
        as(BOB).get(BASE + "?view=my-open").then().body("items.id", hasItem(id));
    }

    @Test
    void stakeholdersAreKnownContactsWithARole() {
        String id = jonsOpportunity(ALICE, "Stakeholders");
        String ghost = id();
        as(ALICE)
                .body("{\"contactId\":\"" + ghost + "\"}")
                .post(BASE + "/" + id + "/stakeholders")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("contactId"));
        String buyer = contact("Bea", "Buyer");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> as(ALICE)
                                .body("{\"contactId\":\"" + buyer + "\",\"role\":\"ECONOMIC_BUYER\"}")
                                .post(BASE + "/" + id + "/stakeholders")
                                .statusCode()
                        == 201);
        as(ALICE)
                .body("{\"role\":\"CHAMPION\"}")
                .put(BASE + "/" + id + "/stakeholders/" + buyer)
                .then()
                .statusCode(200)
                .body("find { it.contactId == '" + buyer + "' }.role", equalTo("CHAMPION"));
        as(ALICE).get(BASE + "/" + id + "/stakeholders").then().body("contactId", hasItem(buyer));
        as(ALICE).delete(BASE + "/" + id + "/stakeholders/" + buyer).then().statusCode(204);
        as(ALICE)
                .delete(BASE + "/" + id + "/stakeholders/" + buyer)
                .then()
                .statusCode(404)
                .body("code", equalTo("stakeholder-not-found"));
    }

    @Test
    void listsFilterByViewStageCustomerAndCloseDate() {
        String accountId = account("Filters Inc. " + id());
        String due = "2031-03-15";
        String id = create(
                ALICE,
                "{\"name\":\"Filtered deal " + accountId + "\",\"accountId\":\"" + accountId
                        + "\",\"estimatedCloseDate\":\"" + due + "\"}");
        as(ALICE).post(BASE + "/" + id + "/process/next-stage").then().statusCode(200);
        as(ALICE)
                .get(BASE + "?accountId=" + accountId + "&stage=develop")
                .then()
                .statusCode(200)
                .body("totalItems", equalTo(1))
                .body("items[0].id", equalTo(id));
        as(ALICE)
                .get(BASE + "?accountId=" + accountId + "&stage=QUALIFY")
                .then()
                .body("totalItems", equalTo(0));
        as(ALICE)
                .get(BASE + "?view=open&closeDateFrom=2031-03-01&closeDateTo=2031-03-31&q=" + accountId)
                .then()
                .body("items.id", contains(id));
        as(ALICE)
                .get(BASE + "?closeDateFrom=2031-04-01&accountId=" + accountId)
                .then()
                .body("totalItems", equalTo(0));
        as(ALICE)
                .get(BASE + "?closeDateFrom=soon")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("closeDateFrom"));
        as(ALICE).get(BASE + "?view=someday").then().statusCode(400).body("errors[0].field", equalTo("view"));
        as(ALICE)
                .get(BASE + "?sort=-probability,name&size=5")
                .then()
                .statusCode(200)
                .body("size", equalTo(5));
        as(ALICE).get(BASE + "?sort=color").then().statusCode(400).body("errors[0].field", equalTo("sort"));
    }

    @io.quarkus.test.common.http.TestHTTPResource(value = "", management = true)
    java.net.URL management;

    @Test
    void healthNamesEveryChannelAndTheRelayAndTheApiIsDocumented() {
        io.restassured.RestAssured.given()
                .get(management + "health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", not(hasItem("kafka-relay")));
        io.restassured.RestAssured.given()
                .get(management + "health/group/messaging")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem("kafka-relay"));
        io.restassured.RestAssured.given()
                .get(management + "health/live")
                .then()
                .statusCode(200)
                .body(
                        "checks.find { it.name == 'SmallRye Reactive Messaging - liveness check' }.data.lead-qualifications",
                        equalTo("[OK]"))
                .body(
                        "checks.find { it.name == 'SmallRye Reactive Messaging - liveness check' }.data.opportunity-views",
                        equalTo("[OK]"))
                .body(
                        "checks.find { it.name == 'SmallRye Reactive Messaging - liveness check' }.data.customer-replica",
                        equalTo("[OK]"));
        io.restassured.RestAssured.given()
                .get(management + "openapi?format=json")
                .then()
                .statusCode(200)
                .body(containsString("/api/v1/opportunities/{id}/process/steps"))
                .body(containsString("/api/v1/pipeline"));
        as(ALICE).get(BASE).then().statusCode(200);
        io.restassured.RestAssured.given().get(BASE).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anOpportunityUnknownToTheServiceIs404() {
        as(ALICE).get(BASE + "/" + id()).then().statusCode(404).contentType("application/problem+json");
        as(ALICE).post(BASE + "/" + id() + "/win").then().statusCode(404);
    }
}

package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.as;
import static dev.crm.lead.api.LeadApiTest.create;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.crm.events.v1.opportunity.ForecastCategory;
import dev.crm.events.v1.opportunity.OpportunityCreated;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.events.v1.opportunity.OpportunityLost;
import dev.crm.events.v1.opportunity.OpportunityReopened;
import dev.crm.events.v1.opportunity.OpportunityState;
import dev.crm.events.v1.opportunity.OpportunityStatusReason;
import dev.crm.events.v1.opportunity.OpportunitySteps;
import dev.crm.events.v1.opportunity.SalesStage;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lead whose opportunity is open cannot be disqualified. lead-service learns of opportunities from
 * crm.opportunity.v1, published here as opportunity-service publishes it; one it has not heard of yet counts as open.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class OpportunityGuardTest {

    private static final String ALICE = TestTokens.salesperson("alice");

    @Test
    void aReactivatedLeadWhoseOpportunityIsOpenCannotBeDisqualifiedUntilItIsClosed() {
        String lead = create(ALICE, "{\"topic\":\"Guarded\",\"firstName\":\"Jon\",\"lastName\":\"Doe\"}");
        String opportunity = as(ALICE)
                .body("{}")
                .post("/api/v1/leads/" + lead + "/qualify")
                .then()
                .statusCode(200)
                .extract()
                .path("opportunityId");
        as(ALICE).post("/api/v1/leads/" + lead + "/reactivate").then().statusCode(200);

        // not heard of yet: open
        as(ALICE)
                .body("{\"reason\":\"LOST\"}")
                .post("/api/v1/leads/" + lead + "/disqualify")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("lead-has-open-opportunity"))
                .body("openOpportunityIds", contains(opportunity));

        OpportunityDetails details = OpportunityDetails.builder()
                .name("Guarded")
                .contactId("c")
                .probability(10)
                .forecastCategory(ForecastCategory.PIPELINE)
                .build();
        KafkaTopics.publish(
                new OpportunityCreated(
                        opportunity, "alice", details, OpportunitySteps.NONE, SalesStage.QUALIFY, lead, List.of()),
                0,
                "alice");
        KafkaTopics.publish(
                new OpportunityLost(
                        opportunity,
                        OpportunityStatusReason.OUT_SOLD,
                        null,
                        null,
                        null,
                        LocalDate.now(),
                        null,
                        "alice"),
                1,
                "alice");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> as(ALICE)
                                .body("{\"reason\":\"LOST\"}")
                                .post("/api/v1/leads/" + lead + "/disqualify")
                                .statusCode()
                        == 200);
        as(ALICE).get("/api/v1/leads/" + lead).then().body("state", equalTo("DISQUALIFIED"));

        // reopened: open again
        as(ALICE).post("/api/v1/leads/" + lead + "/reactivate").then().statusCode(200);
        KafkaTopics.publish(
                new OpportunityReopened(
                        opportunity, OpportunityState.LOST, SalesStage.QUALIFY, 10, ForecastCategory.PIPELINE, lead),
                2,
                "alice");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> as(ALICE)
                                .body("{}")
                                .post("/api/v1/leads/" + lead + "/disqualify")
                                .statusCode()
                        == 409);
    }

    @Test
    void aLeadQualifiedWithoutOpportunityCanBeDisqualifiedOnceReactivated() {
        String lead = create(ALICE, "{\"topic\":\"No deal\",\"lastName\":\"Doe\"}");
        as(ALICE)
                .body("{\"createOpportunity\":false}")
                .post("/api/v1/leads/" + lead + "/qualify")
                .then()
                .statusCode(200);
        as(ALICE).post("/api/v1/leads/" + lead + "/reactivate").then().statusCode(200);
        as(ALICE)
                .body("{}")
                .post("/api/v1/leads/" + lead + "/disqualify")
                .then()
                .statusCode(200)
                .body("statusReason", equalTo("LOST"));
    }

    @Test
    void anOpenLeadIsMarkedContactedAndBackNewAndStaysInMyOpenLeads() {
        String lead = create(ALICE, "{\"topic\":\"Called\",\"lastName\":\"Doe\"}");
        as(ALICE)
                .body("{\"statusReason\":\"CONTACTED\"}")
                .post("/api/v1/leads/" + lead + "/status-reason")
                .then()
                .statusCode(200)
                .body("state", equalTo("OPEN"))
                .body("statusReason", equalTo("CONTACTED"));
        as(ALICE)
                .get("/api/v1/leads?view=my-open&statusReason=contacted&q=called")
                .then()
                .body("items.id", contains(lead));
        as(ALICE)
                .body("{\"statusReason\":\"NEW\"}")
                .post("/api/v1/leads/" + lead + "/status-reason")
                .then()
                .statusCode(200)
                .body("statusReason", equalTo("NEW"));
        as(ALICE)
                .body("{\"statusReason\":\"QUALIFIED\"}")
                .post("/api/v1/leads/" + lead + "/status-reason")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("statusReason"));
        as(ALICE)
                .body("{}")
                .post("/api/v1/leads/" + lead + "/status-reason")
                .then()
                .statusCode(400)
                .body("errors.field", contains("statusReason"));
        as(ALICE)
                .get("/api/v1/leads/" + lead + "/history")
                .then()
                .body(
                        "type",
                        contains(
                                "crm.lead.created.v1",
                                "crm.lead.status-reason-changed.v1",
                                "crm.lead.status-reason-changed.v1"));
    }
}

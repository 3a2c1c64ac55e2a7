package dev.crm.timeline.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.crm.events.v1.Money;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.events.v1.opportunity.ForecastCategory;
import dev.crm.events.v1.opportunity.OpportunityCreated;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.events.v1.opportunity.OpportunityStageAdvanced;
import dev.crm.events.v1.opportunity.OpportunitySteps;
import dev.crm.events.v1.opportunity.OpportunityWon;
import dev.crm.events.v1.opportunity.SalesStage;
import dev.crm.testing.KafkaTopics;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * What the timeline tests share: requests as a user, and the records of the other services, published on their
 * topics exactly as those services' relays publish them.
 */
final class TimelineFixtures {

    static final String ACTIVITIES = "/api/v1/activities";
    static final String NOTES = "/api/v1/notes";
    static final String NOTIFICATIONS = "/api/v1/notifications";
    static final String MERGE_PATCH = "application/merge-patch+json; charset=UTF-8";

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    static String timeline(String type, String id) {
        return "/api/v1/timeline/" + type + "/" + id;
    }

    /** Jon's lead: what lead-service publishes when alice captures it. */
    static LeadDetails jonsLead() {
        return LeadDetails.builder()
                .topic("Prospect machine à café avec société")
                .firstName("Jon")
                .lastName("Doe")
                .companyName("Doe Inc.")
                .build();
    }

    static String lead(String owner) {
        String id = id();
        KafkaTopics.publish(new LeadCreated(id, owner, jonsLead()), 0, owner);
        return id;
    }

    /** The ids a qualification of {@code leadId} made, after every service published its part. */
    record Qualified(String leadId, String opportunityId, String contactId, String accountId) {}

    /** {@code by} qualifies alice's lead: the lead, contact-account and opportunity services publish their events. */
    static Qualified qualify(String leadId, String by) {
        Qualified q = new Qualified(leadId, id(), id(), id());
        KafkaTopics.publish(
                new LeadQualified(
                        leadId,
                        "alice",
                        q.contactId(),
                        true,
                        q.accountId(),
                        true,
                        q.opportunityId(),
                        jonsLead(),
                        List.of()),
                1,
                by);
        KafkaTopics.publish(
                new AccountCreated(
                        q.accountId(),
                        "alice",
                        new AccountDetails("Doe Inc.", null, null, null, null, null),
                        q.contactId(),
                        leadId),
                0,
                by);
        KafkaTopics.publish(
                new ContactCreated(
                        q.contactId(),
                        "alice",
                        new ContactDetails("Jon", "Doe", null, null, null, null, null, null),
                        q.accountId(),
                        leadId),
                0,
                by);
        KafkaTopics.publish(
                new OpportunityCreated(
                        q.opportunityId(),
                        "alice",
                        OpportunityDetails.builder()
                                .name("Prospect machine à café avec société")
                                .accountId(q.accountId())
                                .contactId(q.contactId())
                                .probability(10)
                                .forecastCategory(ForecastCategory.PIPELINE)
                                .build(),
                        OpportunitySteps.NONE,
                        SalesStage.QUALIFY,
                        leadId,
                        List.of()),
                0,
                by);
        return q;
    }

    /** The opportunity moves through its stages (versions 2 to 4) and is won (version 5) by {@code by}. */
    static void advanceThreeStages(String opportunityId, String by) {
        KafkaTopics.publish(
                new OpportunityStageAdvanced(
                        opportunityId, SalesStage.QUALIFY, SalesStage.DEVELOP, 40, ForecastCategory.PIPELINE),
                1,
                by);
        KafkaTopics.publish(
                new OpportunityStageAdvanced(
                        opportunityId, SalesStage.DEVELOP, SalesStage.PROPOSE, 60, ForecastCategory.BEST_CASE),
                2,
                by);
        KafkaTopics.publish(
                new OpportunityStageAdvanced(
                        opportunityId, SalesStage.PROPOSE, SalesStage.CLOSE, 80, ForecastCategory.COMMITTED),
                3,
                by);
    }

    static void win(String opportunityId, String by) {
        KafkaTopics.publish(
                new OpportunityWon(
                        opportunityId,
                        new Money(new BigDecimal("16500"), "USD"),
                        LocalDate.now(ZoneOffset.UTC),
                        null,
                        by),
                4,
                by);
    }

    /**
     * POSTs {@code body} until the regarding record reached the replica (until then the service answers 400, as it
     * does for an unknown record); the 201's body.
     */
    static ValidatableResponse create(String token, String path, String body) {
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> as(token).body(body).post(path).then().extract(), answer -> answer.statusCode() != 400)
                .response()
                .then()
                .statusCode(201);
    }

    static String phoneCall(String subject, String regardingType, String regardingId, String dueAt) {
        return "{\"type\":\"PHONE_CALL\",\"subject\":\"" + subject + "\",\"regarding\":{\"type\":\"" + regardingType
                + "\",\"id\":\"" + regardingId + "\"},\"dueAt\":\"" + dueAt
                + "\",\"phoneNumber\":\"+33 1 23 45 67 89\"}";
    }

    static String todayAt1630() {
        return LocalDate.now(ZoneOffset.UTC) + "T16:30:00Z";
    }

    private TimelineFixtures() {}
}

package dev.crm.opportunity.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.testing.KafkaTopics;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.UUID;

/** What the opportunity tests share: requests as a user, and customers known to the service's replica. */
final class OpportunityFixtures {

    static final String BASE = "/api/v1/opportunities";
    static final String MERGE_PATCH = "application/merge-patch+json; charset=UTF-8";

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    /** An account as contact-account-service publishes it; the replica learns of it shortly after. */
    static String account(String name) {
        String id = id();
        KafkaTopics.publish(
                new AccountCreated(id, "alice", new AccountDetails(name, null, null, null, null, null), null, null),
                0,
                "alice");
        return id;
    }

    static String contact(String firstName, String lastName) {
        String id = id();
        KafkaTopics.publish(
                new ContactCreated(
                        id,
                        "alice",
                        new ContactDetails(firstName, lastName, null, null, null, null, null, null),
                        null,
                        null),
                0,
                "alice");
        return id;
    }

    /**
     * Creates an opportunity with {@code body} once its customer reached the replica (until then the create is
     * refused with 400, as it would be for an unknown customer); the new opportunity's id.
     */
    static String create(String token, String body) {
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> as(token).body(body).post(BASE).then().extract(), answer -> answer.statusCode() != 400)
                .response()
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Jon's opportunity for Doe Inc.: an account and a contact, both known. */
    static String jonsOpportunity(String token, String name) {
        String account = account("Doe Inc. " + id());
        String contact = contact("Jon", "Doe");
        return create(
                token,
                "{\"name\":\"" + name + "\",\"accountId\":\"" + account + "\",\"contactId\":\"" + contact
                        + "\",\"estimatedRevenue\":{\"amount\":16500,\"currency\":\"USD\"}}");
    }

    private OpportunityFixtures() {}
}

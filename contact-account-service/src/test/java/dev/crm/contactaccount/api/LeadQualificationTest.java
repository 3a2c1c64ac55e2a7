package dev.crm.contactaccount.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.crm.events.v1.Address;
import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.InboxRows;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The reaction to LeadQualified on crm.lead.v1, fed with records shaped exactly as lead-service publishes them. */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class LeadQualificationTest {

    private static final String GROUP = "contact-account-service";

    static final String ALICE = TestTokens.salesperson("alice");
    private static final String DLQ = Topics.deadLetter(Topics.LEAD, "contact-account-service");

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    static LeadDetails lead(String first, String last, String company, String email, String jobTitle) {
        return LeadDetails.builder()
                .topic("Prospect machine à café")
                .firstName(first)
                .lastName(last)
                .jobTitle(jobTitle)
                .email(email)
                .businessPhone("+1 555 0100")
                .companyName(company)
                .address(new Address(null, "Seattle", null, null, "US"))
                .build();
    }

    /** Waits until the contact-account-service shows the contacts made from {@code leadId}. */
    static io.restassured.response.ValidatableResponse contactsOf(String leadId, int expected) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> as(ALICE)
                                .get("/api/v1/contacts?originatingLeadId=" + leadId)
                                .then()
                                .extract()
                                .<Integer>path("totalItems")
                        == expected);
        return as(ALICE)
                .get("/api/v1/contacts?originatingLeadId=" + leadId)
                .then()
                .statusCode(200);
    }

    @Test
    void leadWithoutCompanyYieldsAContactAndNoAccount() {
        String leadId = id();
        String contactId = id();
        KafkaTopics.publish(
                new LeadQualified(
                        leadId,
                        "alice",
                        contactId,
                        true,
                        null,
                        false,
                        id(),
                        lead("Jane", "Doe-" + leadId, null, null, "Responsable de la cafétéria"),
                        List.of()),
                3,
                "alice");

        contactsOf(leadId, 1)
                .body("items[0].id", equalTo(contactId))
                .body("items[0].firstName", equalTo("Jane"))
                .body("items[0].jobTitle", equalTo("Responsable de la cafétéria"))
                .body("items[0].parentAccountId", nullValue())
                .body("items[0].ownerId", equalTo("alice"))
                .body("items[0].createdBy", equalTo("alice"));
        as(ALICE).get("/api/v1/accounts?originatingLeadId=" + leadId).then().body("totalItems", equalTo(0));
    }

    @Test
    void leadWithCompanyYieldsAnAccountAndAContactLinkedToIt() {
        String leadId = id();
        String contactId = id();
        String accountId = id();
        String company = "Doe Inc. " + leadId;
        KafkaTopics.publish(
                new LeadQualified(
                        leadId,
                        "alice",
                        contactId,
                        true,
                        accountId,
                        true,
                        id(),
                        lead("Jon", "Doe", company, null, null),
                        List.of()),
                2,
                "alice");

        contactsOf(leadId, 1).body("items[0].parentAccountId", equalTo(accountId));
        as(ALICE)
                .get("/api/v1/accounts/" + accountId)
                .then()
                .statusCode(200)
                .body("name", equalTo(company))
                .body("primaryContactId", equalTo(contactId))
                .body("originatingLeadId", equalTo(leadId))
                .body("phone", equalTo("+1 555 0100"))
                .body("address.city", equalTo("Seattle"));
        as(ALICE).get("/api/v1/contacts?accountId=" + accountId).then().body("items.id", contains(contactId));
    }

    /** The inbox: the very same record again (a redelivery, same ce_id) is consumed and changes nothing. */
    @Test
    void aRedeliveredQualificationIsDroppedByTheInbox() {
        String eventId = qualifyAndSendAgain("Twice", headers -> {});
        assertThat(inboxEntries(eventId))
                .as("one inbox row for the redelivered ce_id")
                .isEqualTo(1);
    }

    /** Past the inbox: the same qualification re-published under a new ce_id creates nothing again (ids are in use). */
    @Test
    void aRepublishedQualificationCreatesNothingTwice() {
        String eventId = qualifyAndSendAgain("Again", headers -> headers.put(CloudEventHeaders.ID, id()));
        assertThat(inboxEntries(eventId))
                .as("the re-publication passed the inbox")
                .isEqualTo(1);
    }

    /**
     * A new contact and account qualified from a lead; then the same LeadQualified sent again with {@code alter}
     * applied to its headers. Once the reaction committed that second record, the contact and the account were each
     * created once. The second record's ce_id.
     */
    private String qualifyAndSendAgain(String name, java.util.function.Consumer<Map<String, String>> alter) {
        String leadId = id();
        String contactId = id();
        String accountId = id();
        LeadQualified qualified = new LeadQualified(
                leadId,
                "alice",
                contactId,
                true,
                accountId,
                true,
                id(),
                lead("Jon", name + "-" + leadId, name + " Inc. " + leadId, null, null),
                List.of());
        Map<String, String> headers = new java.util.HashMap<>(KafkaTopics.publish(qualified, 1, "alice"));
        contactsOf(leadId, 1);
        alter.accept(headers);
        KafkaTopics.awaitCommitted(GROUP, KafkaTopics.send(Topics.LEAD, leadId, KafkaTopics.json(qualified), headers));

        contactsOf(leadId, 1).body("items[0].version", equalTo(1));
        as(ALICE).get("/api/v1/contacts/" + contactId + "/history").then().body("size()", equalTo(1));
        as(ALICE).get("/api/v1/accounts/" + accountId + "/history").then().body("size()", equalTo(1));
        return headers.get(CloudEventHeaders.ID);
    }

    @Test
    void qualifyingIntoExistingRecordsFillsOnlyTheirEmptyFields() {
        String suffix = id();
        String contactId = as(ALICE)
                .body("{\"firstName\":\"Jon\",\"lastName\":\"Existing-" + suffix + "\",\"email\":\"jon-" + suffix
                        + "@doe.example\"}")
                .post("/api/v1/contacts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String accountId = as(ALICE)
                .body("{\"name\":\"Existing Doe " + suffix + "\",\"website\":\"https://doe.example\"}")
                .post("/api/v1/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        String leadId = id();
        KafkaTopics.publish(
                new LeadQualified(
                        leadId,
                        "alice",
                        contactId,
                        false,
                        accountId,
                        false,
                        id(),
                        lead("Jonathan", "Other", "Another name", "other@doe.example", "Buyer"),
                        List.of()),
                4,
                "alice");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> as(ALICE)
                                .get("/api/v1/contacts/" + contactId)
                                .then()
                                .extract()
                                .<Integer>path("version")
                        == 3);
        as(ALICE)
                .get("/api/v1/contacts/" + contactId)
                .then()
                .body("firstName", equalTo("Jon"))
                .body("lastName", equalTo("Existing-" + suffix))
                .body("email", equalTo("jon-" + suffix + "@doe.example"))
                .body("jobTitle", equalTo("Buyer"))
                .body("businessPhone", equalTo("+1 555 0100"))
                .body("address.city", equalTo("Seattle"))
                .body("parentAccountId", equalTo(accountId))
                .body("originatingLeadId", nullValue());
        as(ALICE)
                .get("/api/v1/contacts/" + contactId + "/history")
                .then()
                .body(
                        "type",
                        contains(
                                "crm.contact.created.v1", "crm.contact.updated.v1", "crm.contact.linked-to-account.v1"))
                .body("[1].data.sourceLeadId", equalTo(leadId));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> as(ALICE)
                                .get("/api/v1/accounts/" + accountId)
                                .then()
                                .extract()
                                .<String>path("primaryContactId")
                        != null);
        as(ALICE)
                .get("/api/v1/accounts/" + accountId)
                .then()
                .body("name", equalTo("Existing Doe " + suffix))
                .body("website", equalTo("https://doe.example"))
                .body("phone", equalTo("+1 555 0100"))
                .body("primaryContactId", equalTo(contactId));
    }

    /**
     * Bob qualifies his own lead into Alice's contact and account: they are linked to his lead and opportunity, but he
     * may not change them, so none of their empty fields is filled (as a PATCH of his would be refused). Maria, a sales
     * manager, may: her qualification fills them.
     */
    @Test
    void aQualificationFillsOnlyRecordsTheQualifierMayChange() {
        String suffix = id();
        String contactId = as(ALICE)
                .body("{\"firstName\":\"Jon\",\"lastName\":\"Owned-" + suffix + "\"}")
                .post("/api/v1/contacts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String accountId = as(ALICE)
                .body("{\"name\":\"Owned Doe " + suffix + "\"}")
                .post("/api/v1/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        Map<String, String> byBob = KafkaTopics.publish(
                new LeadQualified(
                        id(),
                        "bob",
                        contactId,
                        false,
                        accountId,
                        false,
                        id(),
                        lead("Jon", "Doe", "Bob's Doe", "jon@bob.example", "Bob's title"),
                        List.of()),
                4,
                "bob",
                "salesperson");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> InboxRows.count(dataSource, GROUP, byBob.get(CloudEventHeaders.ID)) == 1);
        as(ALICE)
                .get("/api/v1/contacts/" + contactId)
                .then()
                .body("version", equalTo(1))
                .body("jobTitle", nullValue())
                .body("email", nullValue())
                .body("parentAccountId", nullValue())
                .body("modifiedBy", equalTo("alice"));
        as(ALICE)
                .get("/api/v1/accounts/" + accountId)
                .then()
                .body("version", equalTo(1))
                .body("phone", nullValue())
                .body("primaryContactId", nullValue());
        as(TestTokens.salesperson("bob"))
                .body("{\"jobTitle\":\"Bob's title\"}")
                .contentType("application/merge-patch+json")
                .patch("/api/v1/contacts/" + contactId)
                .then()
                .statusCode(403);

        KafkaTopics.publish(
                new LeadQualified(
                        id(),
                        "bob",
                        contactId,
                        false,
                        accountId,
                        false,
                        id(),
                        lead("Jon", "Doe", "Maria's Doe", "jon@maria.example", "Buyer"),
                        List.of()),
                4,
                "maria",
                "sales-manager");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> as(ALICE)
                                .get("/api/v1/contacts/" + contactId)
                                .then()
                                .extract()
                                .<Integer>path("version")
                        == 3);
        as(ALICE)
                .get("/api/v1/contacts/" + contactId)
                .then()
                .body("jobTitle", equalTo("Buyer"))
                .body("email", equalTo("jon@maria.example"))
                .body("parentAccountId", equalTo(accountId))
                .body("modifiedBy", equalTo("maria"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> as(ALICE)
                                .get("/api/v1/accounts/" + accountId)
                                .then()
                                .extract()
                                .<String>path("primaryContactId")
                        != null);
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void otherLeadEventsPassWithoutAnInboxEntry() {
        String leadId = id();
        LeadDetails details = lead("Inbox", "Check-" + leadId, null, null, null);
        Map<String, String> created = KafkaTopics.publish(new LeadCreated(leadId, "alice", details), 0, "alice");
        // same key, so same partition: once the qualification is handled, the creation before it was seen
        Map<String, String> qualified = KafkaTopics.publish(
                new LeadQualified(leadId, "alice", id(), true, null, false, null, details, List.of()), 1, "alice");
        contactsOf(leadId, 1);
        assertThat(inboxEntries(created.get(CloudEventHeaders.ID))).isZero();
        assertThat(inboxEntries(qualified.get(CloudEventHeaders.ID))).isEqualTo(1);
    }

    private int inboxEntries(String eventId) {
        return InboxRows.count(dataSource, GROUP, eventId);
    }

    @Test
    void malformedRecordIsDeadLetteredWithItsReasonAndLaterRecordsAreStillHandled() {
        String badId = KafkaTopics.publishTruncated("crm.lead.qualified.v1");
        // well-formed, but names an existing contact that does not exist: refused by the domain, so parked too
        String ghostLead = id();
        KafkaTopics.publish(
                new LeadQualified(
                        ghostLead,
                        "alice",
                        "no-such-contact-" + ghostLead,
                        false,
                        null,
                        false,
                        null,
                        lead("Ghost", "Lead", null, null, null),
                        List.of()),
                1,
                "alice");
        String goodLead = id();
        KafkaTopics.publish(
                new LeadQualified(
                        goodLead,
                        "alice",
                        id(),
                        true,
                        null,
                        false,
                        null,
                        lead("After", "Poison-" + goodLead, null, null, null),
                        List.of()),
                1,
                "alice");

        contactsOf(goodLead, 1);
        List<ConsumerRecord<String, byte[]>> parked = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> KafkaTopics.readAll(DLQ, r -> badId.equals(r.key()) || ghostLead.equals(r.key())),
                        r -> r.size() == 2);
        ConsumerRecord<String, byte[]> malformed =
                parked.stream().filter(r -> badId.equals(r.key())).findFirst().orElseThrow();
        assertThat(KafkaTopics.header(malformed, CloudEventHeaders.DLQ_REASON))
                .contains("not a valid crm.lead.qualified.v1");
        assertThat(KafkaTopics.header(malformed, CloudEventHeaders.DLQ_ORIGINAL_TOPIC))
                .isEqualTo(Topics.LEAD);
        assertThat(KafkaTopics.header(malformed, CloudEventHeaders.DLQ_CONSUMER_GROUP))
                .isEqualTo("contact-account-service");
        ConsumerRecord<String, byte[]> refused = parked.stream()
                .filter(r -> ghostLead.equals(r.key()))
                .findFirst()
                .orElseThrow();
        assertThat(KafkaTopics.header(refused, CloudEventHeaders.DLQ_REASON)).contains("no-such-contact-" + ghostLead);
    }

    @Test
    void eventsOfTheCreatedRecordsCarryTheQualifyingUserAndTheLeadsCorrelationId() {
        String leadId = id();
        String contactId = id();
        Map<String, String> headers = KafkaTopics.publish(
                new LeadQualified(
                        leadId,
                        "alice",
                        contactId,
                        true,
                        null,
                        false,
                        null,
                        lead("Corr", "Elation-" + leadId, null, null, null),
                        List.of()),
                1,
                "maria");
        List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(20))
                .until(() -> KafkaTopics.readAll(Topics.CONTACT, r -> contactId.equals(r.key())), r -> r.size() == 1);
        assertThat(KafkaTopics.header(records.get(0), CloudEventHeaders.ACTING_USER))
                .isEqualTo("maria");
        assertThat(KafkaTopics.header(records.get(0), CloudEventHeaders.CORRELATION_ID))
                .isEqualTo(headers.get(CloudEventHeaders.CORRELATION_ID));
        assertThat(KafkaTopics.header(records.get(0), CloudEventHeaders.SOURCE))
                .isEqualTo("/crm/contact-account-service");
        dev.crm.testing.Contracts.assertConforms(
                "crm.contact.created.v1", records.get(0).value());
        as(ALICE)
                .get("/api/v1/contacts/" + contactId)
                .then()
                .body("ownerId", equalTo("alice"))
                .body("createdBy", equalTo("maria"));
        // the list is the read model, fed from the contact topic: it shows the contact shortly after the event
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> as(ALICE)
                        .get("/api/v1/contacts?ownerId=alice&q=elation-" + leadId)
                        .then()
                        .body("items.id", hasItem(contactId)));
    }
}

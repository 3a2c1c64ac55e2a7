package dev.crm.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.testing.Contracts;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Qualifying a lead, across the real services: lead-service, contact-account-service, opportunity-service and
 * timeline-service run as
 * processes from their packaged applications, each with its own database, against one Kafka broker and one PostgreSQL
 * server. Everything goes through their REST APIs and the topics, as a client and an operator would see it.
 */
class QualificationAcrossServicesTest {

    private static final String QUALIFIED = "crm.lead.qualified.v1";
    private static final String REACTION_GROUP = "contact-account-service";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static CrmSystem system;
    private static ServiceProcess leadService;
    private static ServiceProcess contactAccountService;
    private static ServiceProcess opportunityService;
    private static ServiceProcess timelineService;
    private static String alice;

    /** The first Jon Doe of Doe Inc., qualified once and shared by the tests about him (whichever runs first). */
    private static Qualification doe;

    record Qualification(String leadId, String contactId, String accountId, String opportunityId) {
        Qualification(String leadId, String contactId, String accountId) {
            this(leadId, contactId, accountId, null);
        }
    }

    @BeforeAll
    static void startEverything() {
        system = CrmSystem.start();
        leadService = system.service("lead-service");
        contactAccountService = system.service("contact-account-service");
        opportunityService = system.service("opportunity-service");
        timelineService = system.service("timeline-service");
        alice = TestTokens.salesperson("alice");
    }

    @AfterAll
    static void stopEverything() {
        system.close();
    }

    // --- the tests ----------------------------------------------------------------------------------------------

    @Test
    void aLeadWithoutCompanyBecomesAContactAndNoAccount() {
        String leadId = createLead(Map.of(
                "topic",
                "Prospect machine à café sans société",
                "firstName",
                "Jane",
                "lastName",
                "Doe",
                "jobTitle",
                "Responsable de la cafétéria"));

        var answer = leads().body("{}")
                .post("/api/v1/leads/" + leadId + "/qualify")
                .then()
                .statusCode(200)
                .body("contactId", notNullValue())
                .body("newContact", equalTo(true))
                .body("accountId", nullValue())
                .extract();
        String contactId = answer.path("contactId");
        String opportunityId = answer.path("opportunityId");

        awaitContact(contactId);
        contacts()
                .get("/api/v1/contacts/" + contactId)
                .then()
                .statusCode(200)
                .body("firstName", equalTo("Jane"))
                .body("lastName", equalTo("Doe"))
                .body("jobTitle", equalTo("Responsable de la cafétéria"))
                .body("originatingLeadId", equalTo(leadId))
                .body("parentAccountId", nullValue())
                .body("ownerId", equalTo("alice"));
        // the list (read model) shows the contact, so it has seen what qualification made: no account
        awaitTotal("/api/v1/contacts?originatingLeadId=" + leadId, 1);
        contacts()
                .get("/api/v1/accounts?originatingLeadId=" + leadId)
                .then()
                .statusCode(200)
                .body("totalItems", equalTo(0));
        awaitOpportunity(opportunityId);
        opportunities()
                .get("/api/v1/opportunities/" + opportunityId)
                .then()
                .statusCode(200)
                .body("name", equalTo("Prospect machine à café sans société"))
                .body("contactId", equalTo(contactId))
                .body("accountId", nullValue())
                .body("originatingLeadId", equalTo(leadId));
    }

    @Test
    void aLeadWithCompanyBecomesAnOpportunityOfTheNewAccountAndContactWithinFiveSeconds() {
        Qualification doe = doeQualified();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> opportunities()
                                .get("/api/v1/opportunities/" + doe.opportunityId())
                                .statusCode()
                        == 200);
        opportunities()
                .get("/api/v1/opportunities/" + doe.opportunityId())
                .then()
                .statusCode(200)
                .body("name", equalTo("Machine à café pour Doe Inc."))
                .body("accountId", equalTo(doe.accountId()))
                .body("contactId", equalTo(doe.contactId()))
                .body("originatingLeadId", equalTo(doe.leadId()))
                .body("state", equalTo("OPEN"))
                .body("statusReason", equalTo("IN_PROGRESS"))
                .body("stage", equalTo("QUALIFY"))
                .body("ownerId", equalTo("alice"));
        // the opportunity's customer is known to opportunity-service: a change to it is checked against its replica
        await().atMost(PATIENCE)
                .until(() -> opportunities()
                                .contentType("application/merge-patch+json")
                                .body(Map.of(
                                        "accountId", doe.accountId(), "contactId", doe.contactId(), "rating", "HOT"))
                                .patch("/api/v1/opportunities/" + doe.opportunityId())
                                .statusCode()
                        == 200);
    }

    @Test
    void aReactivatedLeadWhoseOpportunityIsOpenCannotBeDisqualifiedUntilTheOpportunityIsLost() {
        String leadId = createLead(Map.of(
                "topic", "Guarded across services", "firstName", "Gus", "lastName", "Guard-" + UUID.randomUUID()));
        String opportunityId = leads().body("{}")
                .post("/api/v1/leads/" + leadId + "/qualify")
                .then()
                .statusCode(200)
                .extract()
                .path("opportunityId");
        awaitOpportunity(opportunityId);
        leads().post("/api/v1/leads/" + leadId + "/reactivate").then().statusCode(200);
        leads().body("{\"reason\":\"NO_LONGER_INTERESTED\"}")
                .post("/api/v1/leads/" + leadId + "/disqualify")
                .then()
                .statusCode(409)
                .body("code", equalTo("lead-has-open-opportunity"));

        opportunities()
                .body("{\"reason\":\"CANCELED\"}")
                .post("/api/v1/opportunities/" + opportunityId + "/lose")
                .then()
                .statusCode(200)
                .body("state", equalTo("LOST"));
        await().atMost(PATIENCE)
                .until(() -> leads().body("{\"reason\":\"NO_LONGER_INTERESTED\"}")
                                .post("/api/v1/leads/" + leadId + "/disqualify")
                                .statusCode()
                        == 200);
        leads().get("/api/v1/leads/" + leadId).then().body("state", equalTo("DISQUALIFIED"));
    }

    @Test
    void aLeadWithCompanyBecomesAnAccountAndItsPrimaryContact() {
        Qualification doe = doeQualified();

        contacts()
                .get("/api/v1/accounts/" + doe.accountId())
                .then()
                .statusCode(200)
                .body("name", equalTo("Doe Inc."))
                .body("primaryContactId", equalTo(doe.contactId()))
                .body("originatingLeadId", equalTo(doe.leadId()))
                .body("phone", equalTo("+1 555 0100"));
        contacts()
                .get("/api/v1/contacts/" + doe.contactId())
                .then()
                .statusCode(200)
                .body("firstName", equalTo("Jon"))
                .body("lastName", equalTo("Doe"))
                .body("parentAccountId", equalTo(doe.accountId()))
                .body("originatingLeadId", equalTo(doe.leadId()));
        awaitTotal("/api/v1/contacts?accountId=" + doe.accountId(), 1);
        contacts()
                .get("/api/v1/contacts?accountId=" + doe.accountId())
                .then()
                .body("items.id", contains(doe.contactId()));
    }

    @Test
    void aSecondLeadForTheSamePersonAndCompanyIsRefusedThenFillsTheChosenRecords() {
        Qualification doe = doeQualified();
        awaitLeadServiceReplicaHas(doe);
        String second = createLead(Map.of(
                "topic",
                "Deuxième machine à café pour Doe Inc.",
                "firstName",
                "Jon",
                "lastName",
                "Doe",
                "companyName",
                "Doe Inc.",
                "email",
                "jon.doe@doe.example",
                "jobTitle",
                "Office manager",
                "mobilePhone",
                "+1 555 0199",
                "businessPhone",
                "+1 555 0123",
                "website",
                "https://doe.example"));

        leads().body("{}")
                .post("/api/v1/leads/" + second + "/qualify")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("duplicates-found"))
                .body("duplicates.contacts.id", contains(doe.contactId()))
                .body("duplicates.contacts[0].parentAccountId", equalTo(doe.accountId()))
                .body("duplicates.accounts.id", contains(doe.accountId()));
        leads().get("/api/v1/leads/" + second).then().body("state", equalTo("OPEN"));

        leads().body(Map.of("existingContactId", doe.contactId(), "existingAccountId", doe.accountId()))
                .post("/api/v1/leads/" + second + "/qualify")
                .then()
                .statusCode(200)
                .body("contactId", equalTo(doe.contactId()))
                .body("newContact", equalTo(false))
                .body("accountId", equalTo(doe.accountId()))
                .body("newAccount", equalTo(false));

        // the contact's empty fields are filled from the second lead; what it had stays
        await().atMost(PATIENCE)
                .until(() -> "jon.doe@doe.example"
                        .equals(contacts()
                                .get("/api/v1/contacts/" + doe.contactId())
                                .then()
                                .extract()
                                .path("email")));
        contacts()
                .get("/api/v1/contacts/" + doe.contactId())
                .then()
                .body("firstName", equalTo("Jon"))
                .body("lastName", equalTo("Doe"))
                .body("jobTitle", equalTo("Office manager"))
                .body("mobilePhone", equalTo("+1 555 0199"))
                .body("businessPhone", equalTo("+1 555 0100"))
                .body("parentAccountId", equalTo(doe.accountId()))
                .body("originatingLeadId", equalTo(doe.leadId()));
        await().atMost(PATIENCE)
                .until(() -> "https://doe.example"
                        .equals(contacts()
                                .get("/api/v1/accounts/" + doe.accountId())
                                .then()
                                .extract()
                                .path("website")));
        contacts()
                .get("/api/v1/accounts/" + doe.accountId())
                .then()
                .body("name", equalTo("Doe Inc."))
                .body("phone", equalTo("+1 555 0100"))
                .body("primaryContactId", equalTo(doe.contactId()))
                .body("originatingLeadId", equalTo(doe.leadId()));

        // still one Jon Doe and one Doe Inc. (once the read model shows the filled values)
        await().atMost(PATIENCE)
                .until(() ->
                        jonDoes().then().extract().<List<String>>path("email").contains("jon.doe@doe.example"));
        jonDoes().then().body("$", hasSize(1)).body("[0].id", equalTo(doe.contactId()));
        await().atMost(PATIENCE)
                .until(() ->
                        doeIncs().then().extract().<List<String>>path("website").contains("https://doe.example"));
        doeIncs().then().body("$", hasSize(1)).body("[0].id", equalTo(doe.accountId()));
        contacts().get("/api/v1/contacts?originatingLeadId=" + second).then().body("totalItems", equalTo(0));
        contacts().get("/api/v1/accounts?originatingLeadId=" + second).then().body("totalItems", equalTo(0));
    }

    @Test
    void aRepublishedLeadQualifiedCreatesNothingTwice() throws Exception {
        Qualification doe = doeQualified();
        List<ConsumerRecord<String, byte[]>> published = qualifiedRecordsOf(doe.leadId());
        assertThat(published)
                .as("LeadQualified records of lead %s on %s", doe.leadId(), Topics.LEAD)
                .hasSize(1);
        ConsumerRecord<String, byte[]> original = published.get(0);
        Contracts.assertConforms(QUALIFIED, original.value());
        int contactEvents = historySize("/api/v1/contacts/" + doe.contactId());
        int accountEvents = historySize("/api/v1/accounts/" + doe.accountId());

        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : original.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        KafkaTopics.send(Topics.LEAD, original.key(), original.value(), headers);

        // contact-account-service has handled the copy once its group's offset is past it
        ConsumerRecord<String, byte[]> copy =
                await()
                        .atMost(PATIENCE)
                        .until(() -> qualifiedRecordsOf(doe.leadId()), records -> records.size() == 2)
                        .stream()
                        .max(Comparator.comparingLong(ConsumerRecord::offset))
                        .orElseThrow();
        await().atMost(PATIENCE)
                .until(() -> committedOffset(REACTION_GROUP, copy.topic(), copy.partition()) > copy.offset());
        // handled as a redelivery, not parked as a failure
        assertThat(KafkaTopics.readAll(
                        Topics.deadLetter(Topics.LEAD, REACTION_GROUP),
                        r -> doe.leadId().equals(r.key())))
                .as("dead letters of lead %s", doe.leadId())
                .isEmpty();
        // and a later qualification is through, so the read model had time to show anything the copy made
        String marker = createLead(Map.of(
                "topic", "Marker after republication", "firstName", "Mark", "lastName", "Er-" + UUID.randomUUID()));
        String markerContact = leads().body("{}")
                .post("/api/v1/leads/" + marker + "/qualify")
                .then()
                .statusCode(200)
                .extract()
                .path("contactId");
        awaitContact(markerContact);
        awaitTotal("/api/v1/contacts?originatingLeadId=" + marker, 1);

        contacts()
                .get("/api/v1/contacts?originatingLeadId=" + doe.leadId())
                .then()
                .body("totalItems", equalTo(1));
        contacts()
                .get("/api/v1/accounts?originatingLeadId=" + doe.leadId())
                .then()
                .body("totalItems", equalTo(1));
        assertThat(historySize("/api/v1/contacts/" + doe.contactId()))
                .as("events of the contact")
                .isEqualTo(contactEvents);
        assertThat(historySize("/api/v1/accounts/" + doe.accountId()))
                .as("events of the account")
                .isEqualTo(accountEvents);
        jonDoes().then().body("$", hasSize(1));
        doeIncs().then().body("$", hasSize(1));
        // opportunity-service handled the copy too, and created nothing again
        await().atMost(PATIENCE)
                .until(() -> committedOffset("opportunity-service", copy.topic(), copy.partition()) > copy.offset());
        opportunities()
                .get("/api/v1/opportunities/" + doe.opportunityId() + "/history")
                .then()
                .statusCode(200)
                .body("type", contains("crm.opportunity.created.v1"));
        assertThat(KafkaTopics.readAll(
                        Topics.OPPORTUNITY, r -> doe.opportunityId().equals(r.key())))
                .as("records of opportunity %s", doe.opportunityId())
                .hasSize(1);
    }

    @Test
    void aMalformedLeadQualifiedIsDeadLetteredAndLaterQualificationsStillFlow() {
        String badKey = "poison-" + UUID.randomUUID();
        byte[] garbage = "this is not JSON {".getBytes(StandardCharsets.UTF_8);
        KafkaTopics.send(
                Topics.LEAD,
                badKey,
                garbage,
                Map.of(
                        CloudEventHeaders.SPEC_VERSION,
                        CloudEventHeaders.SPEC_VERSION_VALUE,
                        CloudEventHeaders.ID,
                        UUID.randomUUID().toString(),
                        CloudEventHeaders.SOURCE,
                        "/crm/lead-service",
                        CloudEventHeaders.TYPE,
                        QUALIFIED,
                        CloudEventHeaders.SUBJECT,
                        badKey,
                        CloudEventHeaders.TIME,
                        Instant.now().toString(),
                        CloudEventHeaders.CONTENT_TYPE,
                        CloudEventHeaders.JSON,
                        CloudEventHeaders.SEQUENCE,
                        "3",
                        CloudEventHeaders.ACTING_USER,
                        "alice"));

        String dlq = Topics.deadLetter(Topics.LEAD, REACTION_GROUP);
        ConsumerRecord<String, byte[]> parked = await().atMost(PATIENCE)
                .until(() -> KafkaTopics.readAll(dlq, r -> badKey.equals(r.key())), records -> records.size() == 1)
                .get(0);
        assertThat(KafkaTopics.header(parked, CloudEventHeaders.DLQ_REASON)).isNotBlank();
        assertThat(KafkaTopics.header(parked, CloudEventHeaders.DLQ_ORIGINAL_TOPIC))
                .isEqualTo(Topics.LEAD);
        assertThat(KafkaTopics.header(parked, CloudEventHeaders.DLQ_CONSUMER_GROUP))
                .isEqualTo(REACTION_GROUP);
        assertThat(KafkaTopics.header(parked, CloudEventHeaders.TYPE)).isEqualTo(QUALIFIED);
        assertThat(parked.value()).isEqualTo(garbage);

        String last = "Après-Poison-" + UUID.randomUUID();
        String leadId = createLead(Map.of("topic", "After the poison", "firstName", "Ann", "lastName", last));
        String contactId = leads().body("{}")
                .post("/api/v1/leads/" + leadId + "/qualify")
                .then()
                .statusCode(200)
                .extract()
                .path("contactId");
        awaitContact(contactId);
        contacts()
                .get("/api/v1/contacts/" + contactId)
                .then()
                .body("lastName", equalTo(last))
                .body("originatingLeadId", equalTo(leadId));
    }

    @Test
    void contactAccountServiceKilledWhileQualificationsStreamInCatchesUpWithinTenSecondsOfItsRestart()
            throws Exception {
        List<String> leadIds = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            leadIds.add(createLead(Map.of(
                    "topic",
                    "Crash " + i,
                    "firstName",
                    "Kim",
                    "lastName",
                    "Crash-" + UUID.randomUUID(),
                    "companyName",
                    "Crash Test " + UUID.randomUUID())));
        }
        List<Qualification> qualified = new java.util.ArrayList<>();
        for (int i = 0; i < leadIds.size(); i++) {
            if (i == leadIds.size() / 3) {
                contactAccountService.killHard();
            }
            var answer = leads().body("{}")
                    .post("/api/v1/leads/" + leadIds.get(i) + "/qualify")
                    .then()
                    .statusCode(200)
                    .extract();
            qualified.add(new Qualification(leadIds.get(i), answer.path("contactId"), answer.path("accountId")));
            Thread.sleep(50);
        }

        contactAccountService = contactAccountService.restart();
        system.replace("contact-account-service", contactAccountService);
        contactAccountService.awaitReady();
        Instant ready = Instant.now();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> qualified.stream()
                        .allMatch(q -> contacts()
                                                .get("/api/v1/contacts/" + q.contactId())
                                                .statusCode()
                                        == 200
                                && contacts()
                                                .get("/api/v1/accounts/" + q.accountId())
                                                .statusCode()
                                        == 200));
        System.out.printf(
                "contact-account-service restarted after kill -9: %d qualifications complete %d ms after it was ready%n",
                qualified.size(), Duration.between(ready, Instant.now()).toMillis());

        // none twice: one creation per record on the topics (a relay killed between Kafka's acknowledgement and its
        // token's commit publishes that event again, with the same ce_id: consumers drop it), one in each history
        java.util.Set<String> contactIds =
                qualified.stream().map(Qualification::contactId).collect(java.util.stream.Collectors.toSet());
        java.util.Set<String> accountIds =
                qualified.stream().map(Qualification::accountId).collect(java.util.stream.Collectors.toSet());
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(createdOn(Topics.CONTACT, "crm.contact.created.v1", contactIds))
                    .hasSize(contactIds.size());
            assertThat(createdOn(Topics.ACCOUNT, "crm.account.created.v1", accountIds))
                    .hasSize(accountIds.size());
        });
        for (Qualification q : qualified) {
            assertThat(contacts()
                            .get("/api/v1/contacts/" + q.contactId() + "/history")
                            .then()
                            .statusCode(200)
                            .extract()
                            .<List<String>>path("type"))
                    .filteredOn("crm.contact.created.v1"::equals)
                    .hasSize(1);
        }
    }

    /** The distinct creation events (by ce_id) of these records on the topic. */
    private static List<String> createdOn(String topic, String type, java.util.Set<String> ids) {
        return KafkaTopics.readAll(
                        topic, r -> ids.contains(r.key()) && type.equals(KafkaTopics.header(r, CloudEventHeaders.TYPE)))
                .stream()
                .map(r -> KafkaTopics.header(r, CloudEventHeaders.ID))
                .distinct()
                .toList();
    }

    @Test
    void theLeadsNoteAndTheOpportunitysPhoneCallAndStagesShowOnTheOpportunitysTimeline() {
        // a person and a company of its own: the other tests' Jon Doe must stay the only one
        String leadId = createLead(Map.of(
                "topic",
                "Prospect machine à café avec société",
                "firstName",
                "Joan",
                "lastName",
                "Timeline-" + UUID.randomUUID(),
                "companyName",
                "Timeline Inc. " + UUID.randomUUID()));
        String lead = "{\"type\":\"LEAD\",\"id\":\"" + leadId + "\"}";
        // timeline-service learns of the lead from crm.lead.v1: until then the regarding is unknown (400)
        String note = await().atMost(PATIENCE)
                .until(
                        () -> timelines()
                                .body("{\"regarding\":" + lead + ",\"text\":\"Rencontré au salon\"}")
                                .post("/api/v1/notes")
                                .then()
                                .extract(),
                        answer -> answer.statusCode() != 400)
                .response()
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String opportunityId = leads().body(Map.of("ignoreDuplicates", true))
                .post("/api/v1/leads/" + leadId + "/qualify")
                .then()
                .statusCode(200)
                .extract()
                .path("opportunityId");
        awaitOpportunity(opportunityId);
        String opportunity = "{\"type\":\"OPPORTUNITY\",\"id\":\"" + opportunityId + "\"}";
        String call = await().atMost(PATIENCE)
                .until(
                        () -> timelines()
                                .body("{\"type\":\"PHONE_CALL\",\"subject\":"
                                        + "\"premier appel de Jon\",\"dueAt\":\""
                                        + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                                        + "T16:30:00Z\",\"regarding\":" + opportunity + "}")
                                .post("/api/v1/activities")
                                .then()
                                .extract(),
                        answer -> answer.statusCode() != 400)
                .response()
                .then()
                .statusCode(201)
                .body("regarding.name", equalTo("Prospect machine à café avec société"))
                .extract()
                .path("id");
        opportunities()
                .post("/api/v1/opportunities/" + opportunityId + "/process/next-stage")
                .then()
                .statusCode(200);
        opportunities()
                .post("/api/v1/opportunities/" + opportunityId + "/win")
                .then()
                .statusCode(200);

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(timelines()
                                .get("/api/v1/timeline/opportunity/" + opportunityId)
                                .then()
                                .statusCode(200)
                                .extract()
                                .<List<String>>path("items.eventType"))
                        .startsWith("crm.opportunity.won.v1", "crm.opportunity.stage-advanced.v1"));
        var lines = timelines()
                .get("/api/v1/timeline/opportunity/" + opportunityId)
                .then()
                .extract();
        assertThat(lines.<List<String>>path("items.id")).contains(note, call);
        assertThat(lines.<List<String>>path("items.eventType"))
                .containsSubsequence(
                        "crm.opportunity.won.v1",
                        "crm.opportunity.stage-advanced.v1",
                        "crm.opportunity.created.v1",
                        "crm.lead.qualified.v1");
        assertThat(timelines()
                        .get("/api/v1/notifications")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<List<String>>path("items.id"))
                .contains("activity:" + call);
        timelines()
                .body("{\"statusReason\":\"MADE\"}")
                .post("/api/v1/activities/" + call + "/complete")
                .then()
                .statusCode(200);
        assertThat(timelines().get("/api/v1/notifications").then().extract().<List<String>>path("items.id"))
                .doesNotContain("activity:" + call);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static RequestSpecification leads() {
        return as(leadService);
    }

    private static RequestSpecification contacts() {
        return as(contactAccountService);
    }

    private static RequestSpecification opportunities() {
        return as(opportunityService);
    }

    private static RequestSpecification timelines() {
        return as(timelineService);
    }

    /** The opportunity exists in opportunity-service (its store: always current). */
    private static void awaitOpportunity(String opportunityId) {
        await().atMost(PATIENCE)
                .until(() -> opportunities()
                                .get("/api/v1/opportunities/" + opportunityId)
                                .then()
                                .extract()
                                .statusCode()
                        == 200);
    }

    private static RequestSpecification as(ServiceProcess service) {
        return given().baseUri(service.baseUrl())
                .auth()
                .oauth2(alice)
                .contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    private static String createLead(Map<String, String> lead) {
        return leads().body(lead)
                .post("/api/v1/leads")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Jon Doe of Doe Inc.: no e-mail, job title or mobile phone yet, which a later lead may fill. */
    private static synchronized Qualification doeQualified() {
        if (doe == null) {
            String leadId = createLead(Map.of(
                    "topic",
                    "Machine à café pour Doe Inc.",
                    "firstName",
                    "Jon",
                    "lastName",
                    "Doe",
                    "companyName",
                    "Doe Inc.",
                    "businessPhone",
                    "+1 555 0100"));
            var answer = leads().body("{}")
                    .post("/api/v1/leads/" + leadId + "/qualify")
                    .then()
                    .statusCode(200)
                    .body("newContact", equalTo(true))
                    .body("newAccount", equalTo(true))
                    .body("contactId", notNullValue())
                    .body("accountId", notNullValue())
                    .extract();
            Qualification qualification = new Qualification(
                    leadId, answer.path("contactId"), answer.path("accountId"), answer.path("opportunityId"));
            awaitContact(qualification.contactId());
            await().atMost(PATIENCE)
                    .until(() -> contacts()
                                    .get("/api/v1/accounts/" + qualification.accountId())
                                    .then()
                                    .extract()
                                    .statusCode()
                            == 200);
            doe = qualification;
        }
        return doe;
    }

    /** The contact exists in contact-account-service (its store: always current). */
    private static void awaitContact(String contactId) {
        await().atMost(PATIENCE)
                .until(() -> contacts()
                                .get("/api/v1/contacts/" + contactId)
                                .then()
                                .extract()
                                .statusCode()
                        == 200);
    }

    private static void awaitTotal(String listing, int total) {
        await().atMost(PATIENCE)
                .until(() -> contacts().get(listing).then().extract().<Integer>path("totalItems") == total);
    }

    /**
     * Waits until lead-service's replica of contacts and accounts has Jon Doe and Doe Inc., with throw-away leads
     * whose qualification can never succeed (so nothing is created or filled by the probing itself).
     */
    private static void awaitLeadServiceReplicaHas(Qualification doe) {
        // 400 on existingContactId until the contact is replicated; then 400 on the (missing) account
        String contactProbe = createLead(Map.of("topic", "probe", "lastName", "Probe-" + UUID.randomUUID()));
        await().atMost(PATIENCE)
                .until(() -> leads().body(
                                Map.of("existingContactId", doe.contactId(), "existingAccountId", "no-such-account"))
                        .post("/api/v1/leads/" + contactProbe + "/qualify")
                        .then()
                        .statusCode(400)
                        .extract()
                        .<List<String>>path("errors.field")
                        .contains("existingAccountId"));
        // 400 on existingAccountId until the account is replicated; then 409, Jon Doe being a known contact now
        String accountProbe = createLead(Map.of("topic", "probe", "firstName", "Jon", "lastName", "Doe"));
        await().atMost(PATIENCE).until(() -> {
            var answer = leads().body(Map.of("existingAccountId", doe.accountId()))
                    .post("/api/v1/leads/" + accountProbe + "/qualify")
                    .then()
                    .extract();
            assertThat(answer.statusCode())
                    .as("probe answer %s", answer.asString())
                    .isIn(400, 409);
            return answer.statusCode() == 409;
        });
    }

    /** contact-account-service's likely duplicates of Jon Doe. */
    private static Response jonDoes() {
        return contacts()
                .queryParam("firstName", "Jon")
                .queryParam("lastName", "Doe")
                .get("/api/v1/contacts/duplicates");
    }

    /** contact-account-service's likely duplicates of Doe Inc. */
    private static Response doeIncs() {
        return contacts().queryParam("name", "Doe Inc.").get("/api/v1/accounts/duplicates");
    }

    private static List<ConsumerRecord<String, byte[]>> qualifiedRecordsOf(String leadId) {
        return KafkaTopics.readAll(
                Topics.LEAD,
                r -> leadId.equals(r.key()) && QUALIFIED.equals(KafkaTopics.header(r, CloudEventHeaders.TYPE)));
    }

    private static int historySize(String record) {
        return contacts()
                .get(record + "/history")
                .then()
                .statusCode(200)
                .extract()
                .<List<?>>path("$")
                .size();
    }

    private static long committedOffset(String group, String topic, int partition) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTopics.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, partition));
            return offset == null ? -1 : offset.offset();
        }
    }
}

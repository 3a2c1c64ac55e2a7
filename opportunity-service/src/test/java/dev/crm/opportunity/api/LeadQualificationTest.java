package dev.crm.opportunity.api;

import static dev.crm.opportunity.api.OpportunityFixtures.BASE;
import static dev.crm.opportunity.api.OpportunityFixtures.as;
import static dev.crm.opportunity.api.OpportunityFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.ConnectionRole;
import dev.crm.events.v1.Money;
import dev.crm.events.v1.PurchaseProcess;
import dev.crm.events.v1.PurchaseTimeframe;
import dev.crm.events.v1.Topics;
import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.testing.Contracts;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.InboxRows;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The reaction to LeadQualified on crm.lead.v1, fed with records shaped exactly as lead-service publishes them. */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class LeadQualificationTest {

    private static final String GROUP = "opportunity-service";
    private static final String ALICE = TestTokens.salesperson("alice");

    @Inject
    AgroalDataSource dataSource;

    static LeadDetails jonsLead() {
        return LeadDetails.builder()
                .topic("Prospect machine à café avec société")
                .firstName("Jon")
                .lastName("Doe")
                .companyName("Doe Inc.")
                .budgetAmount(new Money(new BigDecimal("17000"), "USD"))
                .purchaseTimeframe(PurchaseTimeframe.THIS_QUARTER)
                .purchaseProcess(PurchaseProcess.COMMITTEE)
                .description("Machine à café pour la cafétéria")
                .estimatedCloseDate(LocalDate.of(2026, 12, 15))
                .estimatedValue(new Money(new BigDecimal("16500"), "USD"))
                .decisionMaker(true)
                .build();
    }

    /** Waits until the opportunity exists (its store: always current); the first answer is within 5 s. */
    static io.restassured.response.ValidatableResponse opportunity(String id) {
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> as(ALICE).get(BASE + "/" + id).statusCode() == 200);
        return as(ALICE).get(BASE + "/" + id).then().statusCode(200);
    }

    @Test
    void aQualifiedLeadWithACompanyBecomesAnOpportunityOfItsAccountAndContact() {
        String leadId = id();
        String contactId = id();
        String accountId = id();
        String opportunityId = id();
        KafkaTopics.publish(
                new LeadQualified(
                        leadId,
                        "alice",
                        contactId,
                        true,
                        accountId,
                        true,
                        opportunityId,
                        jonsLead(),
                        List.of(new LeadQualified.Stakeholder("contact-of-the-cfo", ConnectionRole.ECONOMIC_BUYER))),
                2,
                "alice");

        opportunity(opportunityId)
                .body("name", equalTo("Prospect machine à café avec société"))
                .body("accountId", equalTo(accountId))
                .body("contactId", equalTo(contactId))
                .body("originatingLeadId", equalTo(leadId))
                .body("ownerId", equalTo("alice"))
                .body("state", equalTo("OPEN"))
                .body("statusReason", equalTo("IN_PROGRESS"))
                .body("stage", equalTo("QUALIFY"))
                .body("budgetAmount.amount", equalTo(17000))
                .body("purchaseTimeframe", equalTo("THIS_QUARTER"))
                .body("purchaseProcess", equalTo("COMMITTEE"))
                .body("description", equalTo("Machine à café pour la cafétéria"))
                .body("estimatedCloseDate", equalTo("2026-12-15"))
                .body("estimatedRevenue.amount", equalTo(16500))
                .body("stakeholders.contactId", contains(contactId, "contact-of-the-cfo"))
                .body("stakeholders.role", contains("DECISION_MAKER", "ECONOMIC_BUYER"));
        // the steps the lead answered are complete
        as(ALICE)
                .get(BASE + "/" + opportunityId + "/process")
                .then()
                .body(
                        "stages[0].steps.findAll { it.complete }.name",
                        contains(
                                "identifyContact",
                                "identifyAccount",
                                "purchaseTimeframe",
                                "estimatedBudget",
                                "purchaseProcess",
                                "identifyDecisionMaker"));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> as(ALICE)
                        .get(BASE + "?originatingLeadId=" + leadId)
                        .then()
                        .body("items.id", contains(opportunityId)));
    }

    @Test
    void aLeadWithoutCompanyGivesAnOpportunityWithoutAccount() {
        String opportunityId = id();
        String contactId = id();
        KafkaTopics.publish(
                new LeadQualified(
                        id(),
                        "alice",
                        contactId,
                        true,
                        null,
                        false,
                        opportunityId,
                        LeadDetails.builder()
                                .topic("Prospect machine à café sans société")
                                .firstName("Jane")
                                .lastName("Doe")
                                .jobTitle("Responsable de la cafétéria")
                                .build(),
                        List.of()),
                1,
                "alice");
        opportunity(opportunityId)
                .body("name", equalTo("Prospect machine à café sans société"))
                .body("accountId", nullValue())
                .body("contactId", equalTo(contactId))
                .body("stakeholders.size()", equalTo(0));
    }

    /** The inbox: the very same record again (a redelivery, same ce_id) is consumed and changes nothing. */
    @Test
    void aRedeliveredQualificationIsDroppedByTheInbox() {
        String eventId = qualifyAndSendAgain(headers -> {});
        assertThat(inboxEntries(eventId))
                .as("one inbox row for the redelivered ce_id")
                .isEqualTo(1);
    }

    /** Past the inbox: the same qualification re-published under a new ce_id creates nothing again (the id is in use). */
    @Test
    void aRepublishedQualificationCreatesNothingTwice() {
        String eventId = qualifyAndSendAgain(headers -> headers.put(CloudEventHeaders.ID, id()));
        assertThat(inboxEntries(eventId))
                .as("the re-publication passed the inbox")
                .isEqualTo(1);
    }

    private String qualifyAndSendAgain(java.util.function.Consumer<Map<String, String>> alter) {
        String leadId = id();
        String opportunityId = id();
        LeadQualified qualified =
                new LeadQualified(leadId, "alice", id(), true, id(), true, opportunityId, jonsLead(), List.of());
        Map<String, String> headers = new HashMap<>(KafkaTopics.publish(qualified, 1, "alice"));
        opportunity(opportunityId);
        alter.accept(headers);
        KafkaTopics.awaitCommitted(GROUP, KafkaTopics.send(Topics.LEAD, leadId, KafkaTopics.json(qualified), headers));
        as(ALICE).get(BASE + "/" + opportunityId + "/history").then().body("size()", equalTo(1));
        assertThat(KafkaTopics.readAll(Topics.OPPORTUNITY, r -> opportunityId.equals(r.key())))
                .hasSize(1);
        return headers.get(CloudEventHeaders.ID);
    }

    @Test
    void aQualificationWithoutOpportunityCreatesNoneAndOtherLeadEventsPassWithoutAnInboxEntry() {
        String leadId = id();
        LeadDetails details =
                LeadDetails.builder().topic("No opportunity").lastName("Doe").build();
        Map<String, String> created = KafkaTopics.publish(new LeadCreated(leadId, "alice", details), 0, "alice");
        Map<String, String> qualified = KafkaTopics.publish(
                new LeadQualified(leadId, "alice", id(), true, null, false, null, details, List.of()), 1, "alice");
        // a later qualification on the same key (same partition): once it is handled, so were both before it
        String marker = id();
        KafkaTopics.publish(
                new LeadQualified(leadId, "alice", id(), true, null, false, marker, details, List.of()), 2, "alice");
        opportunity(marker);
        assertThat(inboxEntries(created.get(CloudEventHeaders.ID))).isZero();
        assertThat(inboxEntries(qualified.get(CloudEventHeaders.ID))).isEqualTo(1);
        // the list is the read model: once it shows the marker's opportunity, it shows every one of the lead's
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> as(ALICE)
                        .get(BASE + "?originatingLeadId=" + leadId)
                        .then()
                        .body("items.id", contains(marker)));
    }

    @Test
    void malformedOrIncompleteQualificationsAreDeadLetteredAndLaterOnesStillHandled() {
        String badId = KafkaTopics.publishTruncated("crm.lead.qualified.v1");
        String incomplete = id();
        KafkaTopics.publish(
                new LeadQualified(incomplete, "alice", id(), true, null, false, id(), null, List.of()), 1, "alice");
        String good = id();
        KafkaTopics.publish(
                new LeadQualified(id(), "alice", id(), true, null, false, good, jonsLead(), List.of()), 1, "alice");
        opportunity(good);

        String dlq = Topics.deadLetter(Topics.LEAD, GROUP);
        List<ConsumerRecord<String, byte[]>> parked = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> KafkaTopics.readAll(dlq, r -> badId.equals(r.key()) || incomplete.equals(r.key())),
                        r -> r.size() == 2);
        ConsumerRecord<String, byte[]> malformed =
                parked.stream().filter(r -> badId.equals(r.key())).findFirst().orElseThrow();
        assertThat(KafkaTopics.header(malformed, CloudEventHeaders.DLQ_REASON))
                .contains("not a valid crm.lead.qualified.v1");
        assertThat(KafkaTopics.header(malformed, CloudEventHeaders.DLQ_CONSUMER_GROUP))
                .isEqualTo(GROUP);
        ConsumerRecord<String, byte[]> refused = parked.stream()
                .filter(r -> incomplete.equals(r.key()))
                .findFirst()
                .orElseThrow();
        assertThat(KafkaTopics.header(refused, CloudEventHeaders.DLQ_REASON)).contains("carries no lead details");
    }

    @Test
    void theOpportunitysEventsCarryTheQualifyingUserAndTheLeadsCorrelationId() {
        String opportunityId = id();
        Map<String, String> headers = KafkaTopics.publish(
                new LeadQualified(id(), "alice", id(), true, null, false, opportunityId, jonsLead(), List.of()),
                1,
                "maria");
        List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> KafkaTopics.readAll(Topics.OPPORTUNITY, r -> opportunityId.equals(r.key())),
                        r -> r.size() == 1);
        ConsumerRecord<String, byte[]> created = records.get(0);
        assertThat(KafkaTopics.header(created, CloudEventHeaders.TYPE)).isEqualTo("crm.opportunity.created.v1");
        assertThat(KafkaTopics.header(created, CloudEventHeaders.ACTING_USER)).isEqualTo("maria");
        assertThat(KafkaTopics.header(created, CloudEventHeaders.CORRELATION_ID))
                .isEqualTo(headers.get(CloudEventHeaders.CORRELATION_ID));
        assertThat(KafkaTopics.header(created, CloudEventHeaders.SEQUENCE)).isEqualTo("0");
        Contracts.assertConforms("crm.opportunity.created.v1", created.value());
        as(ALICE)
                .get(BASE + "/" + opportunityId)
                .then()
                .body("ownerId", equalTo("alice"))
                .body("createdBy", equalTo("maria"));
    }

    private int inboxEntries(String eventId) {
        return InboxRows.count(dataSource, GROUP, eventId);
    }
}

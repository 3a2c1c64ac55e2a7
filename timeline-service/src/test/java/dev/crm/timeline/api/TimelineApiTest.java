package dev.crm.timeline.api;

import static dev.crm.timeline.api.TimelineFixtures.ACTIVITIES;
import static dev.crm.timeline.api.TimelineFixtures.MERGE_PATCH;
import static dev.crm.timeline.api.TimelineFixtures.NOTES;
import static dev.crm.timeline.api.TimelineFixtures.NOTIFICATIONS;
import static dev.crm.timeline.api.TimelineFixtures.advanceThreeStages;
import static dev.crm.timeline.api.TimelineFixtures.as;
import static dev.crm.timeline.api.TimelineFixtures.create;
import static dev.crm.timeline.api.TimelineFixtures.id;
import static dev.crm.timeline.api.TimelineFixtures.lead;
import static dev.crm.timeline.api.TimelineFixtures.phoneCall;
import static dev.crm.timeline.api.TimelineFixtures.qualify;
import static dev.crm.timeline.api.TimelineFixtures.timeline;
import static dev.crm.timeline.api.TimelineFixtures.todayAt1630;
import static dev.crm.timeline.api.TimelineFixtures.win;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.events.v1.lead.LeadAssigned;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class TimelineApiTest {

    private static final String ALICE = TestTokens.salesperson("alice");
    private static final String BOB = TestTokens.salesperson("bob");
    private static final String MARIA = TestTokens.manager("maria");

    @Test
    void thePhoneCallOfTheLabIsOnTheOpportunitysTimelineAndInItsOwnersNotificationsUntilCompleted() {
        TimelineFixtures.Qualified jon = qualify(lead("alice"), "alice");
        String call = create(
                        ALICE,
                        ACTIVITIES,
                        phoneCall("premier appel de Jon", "OPPORTUNITY", jon.opportunityId(), todayAt1630()))
                .body("state", equalTo("OPEN"))
                .body("statusReason", equalTo("OPEN"))
                .body("ownerId", equalTo("alice"))
                .body("direction", equalTo("OUTGOING"))
                .body("regarding.name", equalTo("Prospect machine à café avec société"))
                .body("regarding.ownerId", equalTo("alice"))
                .body("regarding.state", equalTo("OPEN"))
                .extract()
                .path("id");

        // at once: the create answers after the timeline shows it
        JsonPath timeline = as(ALICE)
                .get(timeline("opportunity", jon.opportunityId()))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(timeline.getString("items[0].id")).isEqualTo(call);
        assertThat(timeline.getString("items[0].kind")).isEqualTo("PHONE_CALL");
        assertThat(timeline.getString("items[0].activity.subject")).isEqualTo("premier appel de Jon");
        assertThat(notificationIds(ALICE)).contains("activity:" + call);
        assertThat(notificationIds(BOB)).doesNotContain("activity:" + call);

        as(ALICE)
                .body("{\"statusReason\":\"MADE\"}")
                .post(ACTIVITIES + "/" + call + "/complete")
                .then()
                .statusCode(200)
                .body("state", equalTo("COMPLETED"))
                .body("statusReason", equalTo("MADE"))
                .body("closedBy", equalTo("alice"));
        assertThat(notificationIds(ALICE)).doesNotContain("activity:" + call);
        as(ALICE)
                .get(timeline("opportunity", jon.opportunityId()))
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo(call))
                .body("items[0].activity.state", equalTo("COMPLETED"))
                .body("items[0].summary", equalTo("Phone call: premier appel de Jon (made)"));
        // read-only now
        as(ALICE)
                .contentType(MERGE_PATCH)
                .body("{\"subject\":\"autre\"}")
                .patch(ACTIVITIES + "/" + call)
                .then()
                .statusCode(409)
                .body("code", equalTo("activity-read-only"));
        as(ALICE)
                .get(ACTIVITIES + "/" + call + "/history")
                .then()
                .statusCode(200)
                .body("type", equalTo(List.of("crm.activity.created.v1", "crm.activity.completed.v1")));
    }

    @Test
    void notesAndTasksOfTheLeadShowOnTheOpportunityMadeFromIt() {
        String leadId = lead("alice");
        String note = create(
                        ALICE,
                        NOTES,
                        "{\"regarding\":{\"type\":\"LEAD\",\"id\":\"" + leadId
                                + "\"},\"text\":\"Rencontré au salon du café\"}")
                .body("authorId", equalTo("alice"))
                .extract()
                .path("id");
        String task = create(
                        ALICE,
                        ACTIVITIES,
                        "{\"type\":\"TASK\",\"subject\":\"envoyer la brochure\",\"regarding\":"
                                + "{\"type\":\"LEAD\",\"id\":\"" + leadId + "\"},\"priority\":\"HIGH\"}")
                .extract()
                .path("id");
        TimelineFixtures.Qualified jon = qualify(leadId, "alice");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath opportunity = as(ALICE)
                    .get(timeline("opportunity", jon.opportunityId()))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(opportunity.getList("items.id", String.class)).contains(note, task);
            assertThat(opportunity.getList("items.eventType", String.class))
                    .contains("crm.opportunity.created.v1", "crm.lead.qualified.v1");
            // the lead's own events stay on the lead
            assertThat(opportunity.getList("items.eventType", String.class)).doesNotContain("crm.lead.created.v1");
            JsonPath contact = as(ALICE)
                    .get(timeline("contact", jon.contactId()))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(contact.getList("items.id", String.class)).contains(note, task);
            JsonPath account = as(ALICE)
                    .get(timeline("account", jon.accountId()))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(account.getList("items.id", String.class)).contains(note, task);
        });
        JsonPath lines = as(ALICE)
                .get(timeline("opportunity", jon.opportunityId()))
                .then()
                .extract()
                .jsonPath();
        int noteAt = lines.getList("items.id", String.class).indexOf(note);
        assertThat(lines.getString("items[" + noteAt + "].record.type")).isEqualTo("LEAD");
        assertThat(lines.getString("items[" + noteAt + "].record.name"))
                .isEqualTo("Prospect machine à café avec société");
        // filtered by kind
        as(ALICE)
                .get(timeline("opportunity", jon.opportunityId()) + "?kind=note")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(note)));
        as(ALICE)
                .get(timeline("opportunity", jon.opportunityId()) + "?kind=memo")
                .then()
                .statusCode(400);
        as(ALICE)
                .get(NOTES + "?regardingType=lead&regardingId=" + leadId)
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(note)));
    }

    @Test
    void jonsOpportunityTimelineListsItsStoryNewestFirst() {
        TimelineFixtures.Qualified jon = qualify(lead("alice"), "alice");
        advanceThreeStages(jon.opportunityId(), "alice");
        win(jon.opportunityId(), "alice");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(as(ALICE)
                                .get(timeline("opportunity", jon.opportunityId()) + "?kind=EVENT")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("items.eventType", String.class))
                        .containsExactly(
                                "crm.opportunity.won.v1",
                                "crm.opportunity.stage-advanced.v1",
                                "crm.opportunity.stage-advanced.v1",
                                "crm.opportunity.stage-advanced.v1",
                                "crm.opportunity.created.v1",
                                "crm.lead.qualified.v1"));
        as(ALICE)
                .get(timeline("opportunity", jon.opportunityId()) + "?kind=EVENT")
                .then()
                .body(
                        "items[0].summary",
                        equalTo("Won: 16,500 USD on " + java.time.LocalDate.now(java.time.ZoneOffset.UTC)))
                .body("items[1].summary", equalTo("Stage advanced from Propose to Close (80 %)"))
                .body("items[5].summary", equalTo("Created by qualifying lead “Prospect machine à café avec société”"))
                .body("items[5].related.type", equalTo("LEAD"))
                .body("items[0].actingUser", equalTo("alice"))
                .body("totalItems", equalTo(6));
        // the lead's own timeline: created, then qualified
        as(ALICE)
                .get(timeline("lead", jon.leadId()))
                .then()
                .statusCode(200)
                .body("items.eventType", equalTo(List.of("crm.lead.qualified.v1", "crm.lead.created.v1")))
                .body("items[0].summary", equalTo("Qualified into an opportunity, a new contact and a new account"));
        // paging
        as(ALICE)
                .get(timeline("opportunity", jon.opportunityId()) + "?kind=EVENT&page=1&size=4")
                .then()
                .body("items.eventType", equalTo(List.of("crm.opportunity.created.v1", "crm.lead.qualified.v1")));
    }

    @Test
    void aRedeliveredEventWritesNoSecondLine() {
        String leadId = lead("alice");
        Map<String, String> headers = KafkaTopics.publish(new LeadAssigned(leadId, "alice", "bob"), 1, "maria");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> as(BOB).get(timeline("lead", leadId)).then().body("totalItems", equalTo(2)));
        // the very same record again, and the same event re-published with a new ce_id
        KafkaTopics.send(Topics.LEAD, leadId, KafkaTopics.json(new LeadAssigned(leadId, "alice", "bob")), headers);
        KafkaTopics.publish(new LeadAssigned(leadId, "alice", "bob"), 1, "maria");
        String marker = lead("alice");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> as(ALICE).get(timeline("lead", marker)).then().statusCode(200));
        as(BOB).get(timeline("lead", leadId))
                .then()
                .body("totalItems", equalTo(2))
                .body("items[0].summary", equalTo("Assigned to bob (was alice)"));
        assertThat(notificationIds(BOB).stream().filter(n -> n.startsWith(leadId)))
                .hasSize(1);
    }

    @Test
    void aRegardingUnknownToTheSystemIsRefusedNamingTheField() {
        as(ALICE)
                .body(phoneCall("appel", "OPPORTUNITY", id(), todayAt1630()))
                .post(ACTIVITIES)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("regarding.id"));
        String leadId = lead("alice");
        // a lead's id given as an opportunity's
        await().atMost(Duration.ofSeconds(10))
                .until(() -> as(ALICE).get(timeline("lead", leadId)).statusCode() == 200);
        as(ALICE)
                .body(phoneCall("appel", "OPPORTUNITY", leadId, todayAt1630()))
                .post(ACTIVITIES)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("regarding.id"));
        as(ALICE)
                .body("{\"regarding\":{\"type\":\"LEAD\",\"id\":\"" + id() + "\"},\"text\":\"x\"}")
                .post(NOTES)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("regarding.id"));
        as(ALICE)
                .body("{\"type\":\"PHONE_CALL\",\"subject\":\"appel\",\"regarding\":{\"type\":\"LEAD\",\"id\":\""
                        + leadId + "\"},\"location\":\"Paris\"}")
                .post(ACTIVITIES)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("location"));
        as(ALICE).get(timeline("lead", id())).then().statusCode(404);
        as(ALICE).get(timeline("invoice", leadId)).then().statusCode(400);
    }

    @Test
    void aSalespersonCannotChangeAnotherUsersActivityOrNoteAndAManagerCan() {
        String leadId = lead("alice");
        String call = create(ALICE, ACTIVITIES, phoneCall("appel", "LEAD", leadId, todayAt1630()))
                .extract()
                .path("id");
        String note = create(
                        ALICE,
                        NOTES,
                        "{\"regarding\":{\"type\":\"LEAD\",\"id\":\"" + leadId + "\"},\"text\":\"à rappeler\"}")
                .extract()
                .path("id");

        as(BOB).post(ACTIVITIES + "/" + call + "/complete")
                .then()
                .statusCode(403)
                .body("code", equalTo("not-owner"));
        as(BOB).contentType(MERGE_PATCH)
                .body("{\"subject\":\"mien\"}")
                .patch(ACTIVITIES + "/" + call)
                .then()
                .statusCode(403);
        as(BOB).post(ACTIVITIES + "/" + call + "/cancel").then().statusCode(403);
        as(BOB).contentType(MERGE_PATCH)
                .body("{\"text\":\"mien\"}")
                .patch(NOTES + "/" + note)
                .then()
                .statusCode(403)
                .body("code", equalTo("not-author"));
        as(BOB).delete(NOTES + "/" + note).then().statusCode(403);

        as(MARIA)
                .contentType(MERGE_PATCH)
                .body("{\"text\":\"à rappeler le 3\"}")
                .patch(NOTES + "/" + note)
                .then()
                .statusCode(200)
                .body("text", equalTo("à rappeler le 3"))
                .body("modifiedBy", equalTo("maria"));
        as(MARIA)
                .post(ACTIVITIES + "/" + call + "/cancel")
                .then()
                .statusCode(200)
                .body("state", equalTo("CANCELED"));
        as(MARIA).delete(NOTES + "/" + note).then().statusCode(204);
        as(ALICE).get(NOTES + "/" + note).then().statusCode(404).body("code", equalTo("note-deleted"));
        as(ALICE)
                .get(NOTES + "/" + note + "/history")
                .then()
                .statusCode(200)
                .body("type", equalTo(List.of("crm.note.created.v1", "crm.note.updated.v1", "crm.note.deleted.v1")));
        as(ALICE).get(timeline("lead", leadId)).then().body("items.id", not(hasItem(note)));
    }

    @Test
    void noticesGoToTheOwnerWhenSomeoneElseActedAndStayDismissed() {
        String leadId = lead("alice");
        TimelineFixtures.Qualified jon = qualify(leadId, "maria");
        String notice = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> notificationIds(ALICE).stream()
                                .filter(n -> n.startsWith(leadId + ":"))
                                .findFirst()
                                .orElse(null),
                        java.util.Objects::nonNull);
        JsonPath mine =
                as(ALICE).get(NOTIFICATIONS).then().statusCode(200).extract().jsonPath();
        int at = mine.getList("items.id", String.class).indexOf(notice);
        assertThat(mine.getString("items[" + at + "].kind")).isEqualTo("LEAD_QUALIFIED");
        assertThat(mine.getString("items[" + at + "].summary"))
                .isEqualTo("Your lead “Prospect machine à café avec société” was qualified by maria");
        assertThat(mine.getBoolean("items[" + at + "].dismissible")).isTrue();
        // maria acted herself: nothing for her
        assertThat(notificationIds(MARIA)).noneMatch(n -> n.startsWith(leadId));

        as(BOB).post(NOTIFICATIONS + "/" + notice + "/dismiss").then().statusCode(404);
        as(ALICE).post(NOTIFICATIONS + "/" + notice + "/dismiss").then().statusCode(204);
        as(ALICE).post(NOTIFICATIONS + "/" + notice + "/dismiss").then().statusCode(204);
        assertThat(notificationIds(ALICE)).doesNotContain(notice);

        String call = create(
                        MARIA,
                        ACTIVITIES,
                        phoneCall("appel", "OPPORTUNITY", jon.opportunityId(), todayAt1630())
                                .replaceFirst("\\{", "{\"ownerId\":\"alice\","))
                .body("ownerId", equalTo("alice"))
                .extract()
                .path("id");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(notificationIds(ALICE))
                        .contains("activity:" + call)
                        .anyMatch(n -> n.startsWith(call + ":")));
        as(ALICE)
                .post(NOTIFICATIONS + "/activity:" + call + "/dismiss")
                .then()
                .statusCode(409)
                .body("code", equalTo("activity-notification"));
        as(ALICE)
                .get(NOTIFICATIONS + "?zone=Mars/Olympus")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("zone"));
    }

    @Test
    void activityListsByViewAndRegarding() {
        String leadId = lead("alice");
        String overdue = create(ALICE, ACTIVITIES, phoneCall("en retard", "LEAD", leadId, "2020-01-01T09:00:00Z"))
                .extract()
                .path("id");
        String later = create(ALICE, ACTIVITIES, phoneCall("plus tard", "LEAD", leadId, "2099-01-01T09:00:00Z"))
                .extract()
                .path("id");
        as(ALICE)
                .get(ACTIVITIES + "?view=my-open&regardingId=" + leadId + "&sort=dueAt")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(overdue, later)))
                .body("items[0].regarding.type", equalTo("LEAD"));
        as(ALICE)
                .get(ACTIVITIES + "?view=overdue&regardingType=lead&regardingId=" + leadId)
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(overdue)));
        as(BOB).get(ACTIVITIES + "?view=my-open&regardingId=" + leadId).then().body("items", equalTo(List.of()));
        as(ALICE).get(ACTIVITIES + "?view=mine").then().statusCode(400).body("errors[0].field", equalTo("view"));
        JsonPath notifications = as(ALICE).get(NOTIFICATIONS).then().extract().jsonPath();
        int at = notifications.getList("items.id", String.class).indexOf("activity:" + overdue);
        assertThat(notifications.getString("items[" + at + "].kind")).isEqualTo("OVERDUE");
        assertThat(notificationIds(ALICE)).doesNotContain("activity:" + later);
    }

    @Test
    void malformedRecordsAreDeadLetteredAndTheTimelineGoesOn() {
        String poison = KafkaTopics.publishTruncated("crm.note.created.v1");
        String leadId = lead("alice");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> !KafkaTopics.readAll(
                                Topics.deadLetter(Topics.NOTE, "timeline-service"), r -> poison.equals(r.key()))
                        .isEmpty());
        ConsumerRecord<String, byte[]> dead = KafkaTopics.readAll(
                        Topics.deadLetter(Topics.NOTE, "timeline-service"), r -> poison.equals(r.key()))
                .get(0);
        assertThat(KafkaTopics.header(dead, CloudEventHeaders.DLQ_REASON)).contains("not a valid crm.note.created.v1");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> as(ALICE)
                        .get(timeline("lead", leadId))
                        .then()
                        .statusCode(200)
                        .body("items[0].activity", nullValue()));
    }

    static List<String> notificationIds(String token) {
        return as(token)
                .get(NOTIFICATIONS + "?size=200")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id", String.class);
    }
}

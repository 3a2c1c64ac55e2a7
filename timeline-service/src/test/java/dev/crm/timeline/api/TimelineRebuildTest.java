package dev.crm.timeline.api;

import static dev.crm.timeline.api.TimelineFixtures.ACTIVITIES;
import static dev.crm.timeline.api.TimelineFixtures.NOTES;
import static dev.crm.timeline.api.TimelineFixtures.NOTIFICATIONS;
import static dev.crm.timeline.api.TimelineFixtures.advanceThreeStages;
import static dev.crm.timeline.api.TimelineFixtures.as;
import static dev.crm.timeline.api.TimelineFixtures.create;
import static dev.crm.timeline.api.TimelineFixtures.lead;
import static dev.crm.timeline.api.TimelineFixtures.phoneCall;
import static dev.crm.timeline.api.TimelineFixtures.qualify;
import static dev.crm.timeline.api.TimelineFixtures.timeline;
import static dev.crm.timeline.api.TimelineFixtures.todayAt1630;
import static dev.crm.timeline.api.TimelineFixtures.win;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.TestTokens;
import dev.crm.timeline.query.TimelineProjector;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Emptying the timeline's read models and reading every topic again from offset 0 (as an operator's rebuild does)
 * gives the same timelines and the same notifications: dismissed notices stay dismissed, none comes twice.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class TimelineRebuildTest {

    private static final String ALICE = TestTokens.salesperson("alice");
    private static final String MARIA = TestTokens.manager("maria");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    KafkaClientService kafka;

    @Test
    void rebuildingFromOffsetZeroGivesTheSameTimelinesAndNotifications() throws Exception {
        String leadId = lead("alice");
        create(ALICE, NOTES, "{\"regarding\":{\"type\":\"LEAD\",\"id\":\"" + leadId + "\"},\"text\":\"salon\"}");
        String deleted = create(
                        ALICE,
                        NOTES,
                        "{\"regarding\":{\"type\":\"LEAD\",\"id\":\"" + leadId + "\"},\"text\":\"erreur\"}")
                .extract()
                .path("id");
        as(ALICE).delete(NOTES + "/" + deleted).then().statusCode(204);
        TimelineFixtures.Qualified jon = qualify(leadId, "maria");
        String call = create(
                        ALICE,
                        ACTIVITIES,
                        phoneCall("premier appel de Jon", "OPPORTUNITY", jon.opportunityId(), todayAt1630()))
                .extract()
                .path("id");
        create(
                MARIA,
                ACTIVITIES,
                phoneCall("second appel", "OPPORTUNITY", jon.opportunityId(), todayAt1630())
                        .replaceFirst("\\{", "{\"ownerId\":\"alice\","));
        advanceThreeStages(jon.opportunityId(), "alice");
        as(ALICE).post(ACTIVITIES + "/" + call + "/complete").then().statusCode(200);
        win(jon.opportunityId(), "maria");
        String qualifiedNotice = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> TimelineApiTest.notificationIds(ALICE).stream()
                                .filter(n -> n.startsWith(leadId + ":"))
                                .findFirst()
                                .orElse(null),
                        java.util.Objects::nonNull);
        as(ALICE)
                .post(NOTIFICATIONS + "/" + qualifiedNotice + "/dismiss")
                .then()
                .statusCode(204);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> as(ALICE)
                                .get(timeline("opportunity", jon.opportunityId()) + "?kind=EVENT")
                                .then()
                                .extract()
                                .jsonPath()
                                .getInt("totalItems")
                        == 6);

        Map<String, String> before = views(jon);
        assertThat(before.get("notifications"))
                .doesNotContain(qualifiedNotice)
                .contains(jon.opportunityId() + ":5:alice");

        rebuild();

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(views(jon)).isEqualTo(before));
    }

    /** What a user sees: the timelines of the qualification's records and alice's notifications, as JSON. */
    private static Map<String, String> views(TimelineFixtures.Qualified jon) {
        Map<String, String> views = new LinkedHashMap<>();
        views.put("lead", body(timeline("lead", jon.leadId()) + "?size=200"));
        views.put("opportunity", body(timeline("opportunity", jon.opportunityId()) + "?size=200"));
        views.put("contact", body(timeline("contact", jon.contactId()) + "?size=200"));
        views.put("account", body(timeline("account", jon.accountId()) + "?size=200"));
        views.put("notifications", body(NOTIFICATIONS + "?size=200"));
        return views;
    }

    private static String body(String path) {
        return as(ALICE).get(path).then().extract().asString();
    }

    /** The operator's rebuild, in process: empty the read models with the service's script, read from offset 0. */
    private void rebuild() throws Exception {
        String script;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("rebuild-read-models.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        KafkaConsumer<String, byte[]> consumer = kafka.getConsumer(TimelineProjector.CHANNEL);
        Set<TopicPartition> assigned = consumer.getAssignments().await().atMost(Duration.ofSeconds(10));
        assertThat(assigned).hasSize(21);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : script.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        }
        consumer.seekToBeginning(assigned).await().atMost(Duration.ofSeconds(10));
    }
}

package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crm.events.v1.Topics;
import dev.crm.platform.web.Inputs;
import dev.crm.platform.web.TextRules;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.RandomText;
import dev.crm.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever text the API accepts, the read model stores exactly (and nothing is dead-lettered); whatever it
 * refuses, the text rules refuse, with a 400 naming the field. Over random strings rich in what breaks storage: NUL
 * and other control characters, unpaired surrogates, line breaks, emoji.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class StorableTextPropertyTest {

    private static final int CASES = 200;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void whatTheApiAcceptsTheReadModelStoresAndWhatItRefusesTheRulesRefuse() throws Exception {
        long seed = Long.getLong("crm.property.seed", System.nanoTime());
        RandomText random = new RandomText(seed);
        String token = TestTokens.salesperson("petra");
        Map<String, String[]> accepted = new LinkedHashMap<>();
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            String topic = random.next(30);
            String description = random.next(60);
            Response answer = as(token)
                    .body("{\"topic\":" + RandomText.jsonString(topic) + ",\"lastName\":\"Prop\"," + "\"description\":"
                            + RandomText.jsonString(description) + "}")
                    .post("/api/v1/leads");
            String topicRefusal = TextRules.refusal(topic, false);
            String descriptionRefusal = TextRules.refusal(description, true);
            String why = "seed " + seed + ", case " + i + ": topic " + RandomText.jsonString(topic) + ", description "
                    + RandomText.jsonString(description);
            if (topicRefusal == null && descriptionRefusal == null && Inputs.clean(topic) != null) {
                assertThat(answer.statusCode()).as(why).isEqualTo(201);
                accepted.put(answer.path("id"), new String[] {Inputs.clean(topic), Inputs.clean(description)});
            } else {
                assertThat(answer.statusCode()).as(why).isEqualTo(400);
                assertThat(answer.<java.util.List<String>>path("errors.field"))
                        .as(why)
                        .containsAnyOf("topic", "description");
                refused++;
            }
        }
        assertThat(accepted).as("seed " + seed + ": some cases are accepted").isNotEmpty();
        assertThat(refused).as("seed " + seed + ": some cases are refused").isPositive();

        for (Map.Entry<String, String[]> lead : accepted.entrySet()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(lead.getKey()) != null);
            assertThat(stored(lead.getKey()))
                    .as("seed " + seed + ": lead " + lead.getKey())
                    .isEqualTo(lead.getValue()[0]);
            as(token).get("/api/v1/leads/" + lead.getKey()).then().statusCode(200);
        }
        assertThat(KafkaTopics.readAll(
                        Topics.deadLetter(Topics.LEAD, "lead-service"), r -> accepted.containsKey(r.key())))
                .as("seed " + seed + ": nothing accepted is dead-lettered")
                .isEmpty();
    }

    private String stored(String id) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement query = c.prepareStatement("select topic from lead_view where id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}

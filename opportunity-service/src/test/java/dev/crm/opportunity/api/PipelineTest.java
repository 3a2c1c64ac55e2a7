package dev.crm.opportunity.api;

import static dev.crm.opportunity.api.OpportunityFixtures.BASE;
import static dev.crm.opportunity.api.OpportunityFixtures.account;
import static dev.crm.opportunity.api.OpportunityFixtures.as;
import static dev.crm.opportunity.api.OpportunityFixtures.create;
import static dev.crm.opportunity.api.OpportunityFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pipeline report, now and as of past instants, for one owner's opportunities (a fresh owner per test). */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class PipelineTest {

    static final String MARIA = TestTokens.manager("maria");
    /** Amounts are compared as the exact decimals the API writes. */
    static final JsonPathConfig DECIMALS =
            JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL);

    @Test
    void thePipelineSumsEachStagesRevenueAndWeighsItByProbability() {
        String owner = "owner-" + id();
        String account = account("Pipeline Inc. " + id());
        String usd1 = opportunity(owner, account, "16500", "USD");
        opportunity(owner, account, "3500", "USD");
        String eur = opportunity(owner, account, "1000", "EUR");
        opportunity(owner, account, null, null);
        as(MARIA).post(BASE + "/" + usd1 + "/process/next-stage").then().statusCode(200);
        as(MARIA).post(BASE + "/" + eur + "/win").then().statusCode(200);

        JsonPath report = awaitPipeline(owner, null, r -> r.getInt("open.count") == 3 && r.getInt("won.count") == 1);
        assertThat(report.getInt("stages.find { it.stage == 'QUALIFY' }.count")).isEqualTo(2);
        assertThat(report.getList("stages.find { it.stage == 'QUALIFY' }.amounts.currency"))
                .containsExactly("USD");
        assertThat(report.getString("stages.find { it.stage == 'QUALIFY' }.amounts[0].estimatedRevenue"))
                .isEqualTo("3500.00");
        assertThat(report.getString("stages.find { it.stage == 'QUALIFY' }.amounts[0].weightedRevenue"))
                .isEqualTo("350.00");
        assertThat(report.getInt("stages.find { it.stage == 'DEVELOP' }.count")).isEqualTo(1);
        assertThat(report.getString("stages.find { it.stage == 'DEVELOP' }.amounts[0].weightedRevenue"))
                .isEqualTo("6600.00");
        assertThat(report.getInt("stages.find { it.stage == 'CLOSE' }.count")).isZero();
        assertThat(report.getString("open.amounts[0].estimatedRevenue")).isEqualTo("20000.00");
        assertThat(report.getString("won.amounts[0].currency")).isEqualTo("EUR");
        assertThat(report.getString("won.amounts[0].actualRevenue")).isEqualTo("1000.00");
        assertThat(report.getString("winRate")).isEqualTo("1.0000");
    }

    @Test
    void thePipelineAsOfAnInstantShowsTheStagesOfThenAndStaysTheSameAfterLaterChanges() throws Exception {
        String owner = "owner-" + id();
        String account = account("As Of Inc. " + id());
        String deal = opportunity(owner, account, "10000", "USD");
        awaitPipeline(owner, null, r -> r.getInt("stages.find { it.stage == 'QUALIFY' }.count") == 1);
        Thread.sleep(50);
        Instant beforeStageChange = Instant.now();
        Thread.sleep(50);
        as(MARIA).post(BASE + "/" + deal + "/process/next-stage").then().statusCode(200);
        awaitPipeline(owner, null, r -> r.getInt("stages.find { it.stage == 'DEVELOP' }.count") == 1);

        String asOf = beforeStageChange.toString();
        String first = pipeline(owner, asOf).asString();
        JsonPath then = new JsonPath(first).using(DECIMALS);
        assertThat(then.getInt("stages.find { it.stage == 'QUALIFY' }.count")).isEqualTo(1);
        assertThat(then.getInt("stages.find { it.stage == 'DEVELOP' }.count")).isZero();
        assertThat(then.getString("stages.find { it.stage == 'QUALIFY' }.amounts[0].weightedRevenue"))
                .isEqualTo("1000.00");

        // later changes: another stage, a new deal, a loss
        as(MARIA).post(BASE + "/" + deal + "/process/next-stage").then().statusCode(200);
        String later = opportunity(owner, account, "500", "USD");
        as(MARIA)
                .body("{\"reason\":\"OUT_SOLD\"}")
                .post(BASE + "/" + later + "/lose")
                .then()
                .statusCode(200);
        awaitPipeline(owner, null, r -> r.getInt("lost.count") == 1);

        assertThat(pipeline(owner, asOf).asString())
                .as("the same asOf after later changes")
                .isEqualTo(first);
        JsonPath now = awaitPipeline(owner, null, r -> true);
        assertThat(now.getInt("stages.find { it.stage == 'PROPOSE' }.count")).isEqualTo(1);
        assertThat(now.getString("winRate")).isEqualTo("0.0000");
    }

    @Test
    void beforeItsCreationAnOpportunityIsNotInThePipeline() {
        String owner = "owner-" + id();
        Instant before = Instant.now().minusSeconds(1);
        opportunity(owner, account("Early Inc. " + id()), "100", "USD");
        awaitPipeline(owner, null, r -> r.getInt("open.count") == 1);
        JsonPath then = pipeline(owner, before.toString()).jsonPath(DECIMALS);
        assertThat(then.getInt("open.count")).isZero();
        assertThat(then.getString("winRate")).isNull();
    }

    @Test
    void theCloseDateRangeSelectsOpenDealsByEstimatedDateAndClosedOnesByActualDate() {
        String owner = "owner-" + id();
        String account = account("Range Inc. " + id());
        String march = create(
                MARIA,
                "{\"name\":\"March\",\"ownerId\":\"" + owner + "\",\"accountId\":\"" + account
                        + "\",\"estimatedCloseDate\":\"2030-03-10\",\"estimatedRevenue\":{\"amount\":100,\"currency\":\"USD\"}}");
        create(
                MARIA,
                "{\"name\":\"April\",\"ownerId\":\"" + owner + "\",\"accountId\":\"" + account
                        + "\",\"estimatedCloseDate\":\"2030-04-10\",\"estimatedRevenue\":{\"amount\":200,\"currency\":\"USD\"}}");
        String won = create(
                MARIA,
                "{\"name\":\"Won in March\",\"ownerId\":\"" + owner + "\",\"accountId\":\"" + account
                        + "\",\"estimatedCloseDate\":\"2030-06-01\"}");
        as(MARIA)
                .body("{\"closeDate\":\"2030-03-20\"}")
                .post(BASE + "/" + won + "/win")
                .then()
                .statusCode(200);
        awaitPipeline(owner, null, r -> r.getInt("won.count") == 1);
        as(MARIA)
                .queryParam("ownerId", owner)
                .queryParam("closeDateFrom", "2030-03-01")
                .queryParam("closeDateTo", "2030-03-31")
                .get("/api/v1/pipeline")
                .then()
                .statusCode(200)
                .body("open.count", equalTo(1))
                .body("stages.find { it.stage == 'QUALIFY' }.amounts[0].estimatedRevenue", equalTo(100.0f))
                .body("won.count", equalTo(1));
        assertThat(march).isNotBlank();
    }

    @Test
    void aBadOrFutureAsOfIsA400NamingIt() {
        as(MARIA)
                .get("/api/v1/pipeline?asOf=yesterday")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("asOf"));
        as(MARIA)
                .get("/api/v1/pipeline?asOf=" + Instant.now().plusSeconds(3600))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("asOf"));
        as(MARIA)
                .get("/api/v1/pipeline?asOf=2020-01-01")
                .then()
                .statusCode(200)
                .body("asOf", equalTo("2020-01-01T00:00:00Z"))
                .body("winRate", nullValue());
    }

    private static String opportunity(String owner, String account, String amount, String currency) {
        String revenue = amount == null
                ? ""
                : ",\"estimatedRevenue\":{\"amount\":" + amount + ",\"currency\":\"" + currency + "\"}";
        return create(
                MARIA,
                "{\"name\":\"Deal " + id() + "\",\"ownerId\":\"" + owner + "\",\"accountId\":\"" + account + "\""
                        + revenue + "}");
    }

    private static io.restassured.response.Response pipeline(String owner, String asOf) {
        var request = as(MARIA).queryParam("ownerId", owner);
        if (asOf != null) {
            request.queryParam("asOf", asOf);
        }
        io.restassured.response.Response response = request.get("/api/v1/pipeline");
        response.then().statusCode(200);
        return response;
    }

    /** The read model follows the events shortly after; waits until the report satisfies {@code ready}. */
    private static JsonPath awaitPipeline(String owner, String asOf, java.util.function.Predicate<JsonPath> ready) {
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> pipeline(owner, asOf).jsonPath(DECIMALS), ready);
    }
}

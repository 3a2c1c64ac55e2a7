package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.RawHttp;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What every request passes before a resource sees it (HttpGate, the same on every service): limits that hold
 * whatever the path's spelling or the body's framing, and text a read model can store.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class RequestGateTest {

    private final String token = TestTokens.salesperson("gina");

    private String auth() {
        return "Authorization: Bearer " + token;
    }

    @Test
    void aChunkedBodyOverTheLimitIsCountedAndRefusedWith413ProblemJson() throws IOException {
        RawHttp.Answer answer = RawHttp.send(
                RestAssured.port,
                "POST /api/v1/leads HTTP/1.1\r\nHost: localhost\r\n" + auth()
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
                RawHttp.chunked(2 * 1024 * 1024, ' '));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("content-type")).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"code\":\"payload-too-large\"").contains("1M");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws IOException {
        String json = "{\"topic\":\"chunked\",\"lastName\":\"Doe\"}";
        String body = Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";
        RawHttp.Answer answer = RawHttp.send(
                RestAssured.port,
                "POST /api/v1/leads HTTP/1.1\r\nHost: localhost\r\n" + auth()
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body()).contains("\"topic\":\"chunked\"");
    }

    @Test
    void aPathThroughTheUploadPathIsRefusedNotGivenTheUploadLimit() throws IOException {
        for (String path : new String[] {
            "/api/v1/lead-imports/../leads",
            "/api/v1/lead-imports/%2e%2e/leads",
            "/api/v1/./leads",
            "/api/v1/lead-imports%2F..%2Fleads",
            "/api/v1/lead-imports%5C..%5Cleads"
        }) {
            RawHttp.Answer answer = RawHttp.send(
                    RestAssured.port,
                    "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + auth()
                            + "\r\nContent-Type: application/json\r\nContent-Length: 2",
                    "{}".getBytes());

            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.header("content-type")).as(path).startsWith("application/problem+json");
            assertThat(answer.body()).as(path).contains("\"code\":\"invalid-path\"");
        }
    }

    @Test
    void aNulInThePathOrTheQueryIsA400NamingIt() throws IOException {
        RawHttp.Answer path = RawHttp.send(
                RestAssured.port, "GET /api/v1/leads/abc%00def HTTP/1.1\r\nHost: localhost\r\n" + auth(), null);
        assertThat(path.status()).isEqualTo(400);
        assertThat(path.body()).contains("NUL");

        as(token)
                .urlEncodingEnabled(false)
                .get("/api/v1/leads?q=acme%00evil")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("q"))
                .body("errors.reason", hasItem(containsString("NUL")));
        as(token)
                .urlEncodingEnabled(false)
                .get("/api/v1/leads?companyName=%FF%FE")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("companyName"));
    }

    @Test
    void aLongUriIs414AndLargeHeadersAre431BothProblemJson() throws IOException {
        RawHttp.Answer uri = RawHttp.send(
                RestAssured.port,
                "GET /api/v1/leads?q=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n" + auth(),
                null);
        assertThat(uri.status()).isEqualTo(414);
        assertThat(uri.header("content-type")).startsWith("application/problem+json");
        assertThat(uri.body()).contains("\"code\":\"uri-too-long\"");

        RawHttp.Answer headers = RawHttp.send(
                RestAssured.port,
                "GET /api/v1/leads HTTP/1.1\r\nHost: localhost\r\n" + auth() + "\r\nX-Filler: " + "b".repeat(20_000),
                null);
        assertThat(headers.status()).isEqualTo(431);
        assertThat(headers.header("content-type")).startsWith("application/problem+json");
    }

    @Test
    void textAReadModelCannotStoreIsRefusedNamingTheField() {
        as(token)
                .body("{\"topic\":\"acme\\u0000evil\",\"lastName\":\"Doe\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("topic"))
                .body("errors.reason", hasItem(containsString("NUL")));
        as(token)
                .body("{\"topic\":\"coffee\",\"lastName\":\"Doe\",\"address\":{\"city\":\"Par\\ud800is\"}}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("address.city"))
                .body("errors.reason", hasItem(containsString("unpaired surrogate")));
        as(token)
                .body("{\"topic\":\"two\\nlines\",\"lastName\":\"Doe\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("topic"));
    }

    @Test
    void aDateNoReadModelCanStoreIsRefusedNamingTheField() {
        as(token)
                .body("{\"topic\":\"coffee\",\"lastName\":\"Doe\",\"estimatedCloseDate\":\"+10000-01-01\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("estimatedCloseDate"))
                .body("errors.reason", hasItem(containsString("between the years 1 and 9999")));
        as(token)
                .body("{\"topic\":\"coffee\",\"lastName\":\"Doe\",\"estimatedCloseDate\":\"9999-12-31\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(201);
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedAsSuch() throws IOException {
        byte[] body = "{\"topic\":\"caf?\",\"lastName\":\"Doe\"}".getBytes(StandardCharsets.ISO_8859_1);
        body[13] = (byte) 0xE9; // é in Latin-1: not a UTF-8 sequence
        RawHttp.Answer answer = RawHttp.send(
                RestAssured.port,
                "POST /api/v1/leads HTTP/1.1\r\nHost: localhost\r\n" + auth()
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length,
                body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("content-type")).startsWith("application/problem+json");
        assertThat(answer.body()).contains("not valid UTF-8").doesNotContain("start byte");
    }

    @Test
    void multiLineTextKeepsItsLineBreaksAndTabs() {
        as(token)
                .body("{\"topic\":\"coffee\",\"lastName\":\"Doe\",\"description\":\"line one\\n\\tline two\","
                        + "\"address\":{\"street\":\"1 rue de Rivoli\\nBâtiment B\"}}")
                .post("/api/v1/leads")
                .then()
                .statusCode(201)
                .body("description", equalTo("line one\n\tline two"))
                .body("address.street", equalTo("1 rue de Rivoli\nBâtiment B"));
    }

    @Test
    void aPatchObeysTheSameTextRules() {
        String id = as(token)
                .body("{\"topic\":\"coffee\",\"lastName\":\"Doe\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(token)
                .contentType(LeadApiTest.MERGE_PATCH)
                .body("{\"jobTitle\":\"CE\\u0007O\"}")
                .patch("/api/v1/leads/" + id)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("jobTitle"))
                .body("errors.reason", hasItem(containsString("U+0007")));
    }

    @Test
    void strictJsonTrailingDataAndDuplicateKeysAreRefused() {
        as(token)
                .body("{\"topic\":\"coffee\",\"lastName\":\"Doe\"} {\"x\":1}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .body("detail", containsString("more after its JSON value"));
        as(token)
                .body("{\"topic\":\"coffee\",\"lastName\":\"Doe\",\"lastName\":\"Roe\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("lastName"))
                .body("errors.reason", hasItem("is given more than once"));
    }

    @Test
    void problemBodiesSpeakJsonNotJava() {
        as(token).body("null").post("/api/v1/leads").then().statusCode(400).body("errors.field", hasItem("body"));
        as(token)
                .body("{\"topic\":\"coffee\",\"lastName\":\"Doe\",\"estimatedCloseDate\":\"soon\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("estimatedCloseDate"))
                .body("detail", not(containsString("LocalDate")))
                .body("errors.reason", hasItem(containsString("a date such as")));
        as(token)
                .body(
                        "{\"topic\":\"coffee\",\"lastName\":\"Doe\",\"budgetAmount\":{\"amount\":\"lots\",\"currency\":\"USD\"}}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .body("detail", not(containsString("BigDecimal")))
                .body("errors.reason", hasItem("must be a number"));
        as(token)
                .body("{\"topic\":\"coffee\",\"lastName\": }")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .body("detail", not(containsString("Unexpected character")))
                .body("detail", not(containsString("code 125")));
    }
}

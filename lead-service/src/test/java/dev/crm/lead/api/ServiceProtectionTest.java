package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Service protection limits per user: a budget of requests and a cap on requests in flight (the test profile gives
 * "thrifty" a budget of 5 and "busy" 2 in flight). Past them 429 problem+json with Retry-After; others are served.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class ServiceProtectionTest {

    @TestHTTPResource(value = "", management = true)
    URL management;

    @Test
    void aUserPastTheirRequestBudgetGets429WithRetryAfterWhileAnotherIsServed() {
        String thrifty = TestTokens.salesperson("thrifty");
        for (int i = 0; i < 5; i++) {
            as(thrifty).get("/api/v1/leads?size=1").then().statusCode(200);
        }
        Response refused = as(thrifty).get("/api/v1/leads?size=1");
        refused.then()
                .statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("too-many-requests"))
                .body("detail", containsString("5 requests"));
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();

        as(TestTokens.salesperson("generous"))
                .get("/api/v1/leads?size=1")
                .then()
                .statusCode(200);
        assertThat(throttled("requests")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aUserWithTooManyRequestsInFlightGets429UntilOneEnds() throws Exception {
        String busy = TestTokens.salesperson("busy");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                held.add(unfinishedCreate(busy));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> as(busy).get("/api/v1/leads?size=1").statusCode() == 429);
            as(busy).get("/api/v1/leads?size=1")
                    .then()
                    .statusCode(429)
                    .body("detail", containsString("2 requests in progress"))
                    .header("Retry-After", equalTo("1"));
            as(TestTokens.salesperson("calm"))
                    .get("/api/v1/leads?size=1")
                    .then()
                    .statusCode(200);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        // a request whose client went away gives its place back
        await().atMost(Duration.ofSeconds(10))
                .until(() -> as(busy).get("/api/v1/leads?size=1").statusCode() == 200);
        assertThat(throttled("concurrency")).isGreaterThanOrEqualTo(1);
    }

    /** A create whose chunked body never ends: the request stays in flight until the socket closes. */
    private static Socket unfinishedCreate(String token) throws Exception {
        Socket socket = new Socket("127.0.0.1", RestAssured.port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/leads HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"top\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    private double throttled(String limit) {
        String metrics = RestAssured.get(management + "metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return metrics.lines()
                .filter(l -> l.startsWith("crm_http_throttled_total") && l.contains("limit=\"" + limit + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}

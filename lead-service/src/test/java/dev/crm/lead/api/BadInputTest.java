package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Every bad input is a problem+json that says what is wrong and where; nothing is silently dropped or guessed. */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class BadInputTest {

    private final String token = TestTokens.salesperson("bea");

    @Test
    void anUnparseableBodyIsA400SayingWhereItBroke() {
        as(token)
                .body("{\"topic\":\"coffee\",\n \"lastName\": }")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("invalid-request"))
                .body("detail", containsString("not valid JSON"))
                .body("detail", containsString("line 2"));
    }

    @Test
    void anUnknownPropertyIsA400NamingItInsteadOfBeingDropped() {
        as(token)
                .body("{\"topic\":\"coffee\",\"lastname\":\"Doe\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("lastname"))
                .body("errors.reason", hasItem("is not a known field"));
    }

    @Test
    void aNonNumericPageOrSizeIsA400NamingTheParameter() {
        as(token)
                .get("/api/v1/leads?page=first")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("page"));
        as(token).get("/api/v1/leads?size=ten").then().statusCode(400).body("errors.field", hasItem("size"));
    }

    @Test
    void aBodyOverTheLimitIsA413ProblemJson() {
        String huge = "{\"topic\":\"" + "x".repeat(1_100_000) + "\",\"lastName\":\"Doe\"}";
        as(token)
                .body(huge)
                .post("/api/v1/leads")
                .then()
                .statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("payload-too-large"))
                .body("detail", containsString("1M"));
    }
}

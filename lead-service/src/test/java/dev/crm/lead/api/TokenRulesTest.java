package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.as;
import static org.hamcrest.Matchers.equalTo;

import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** What a bearer token must be, besides well signed by the right issuer; and the headers every answer carries. */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class TokenRulesTest {

    private static io.smallrye.jwt.build.JwtClaimsBuilder claims(String subject) {
        return Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject(subject)
                .upn("someone")
                .groups("salesperson")
                .issuedAt(Instant.now())
                .expiresIn(3600);
    }

    @Test
    void aWellFormedTokenIsAccepted() {
        as(TestTokens.sign(claims("tina"))).get("/api/v1/leads?size=1").then().statusCode(200);
    }

    @Test
    void aTokenForAnotherAudienceOrForNoneIsRefused() {
        as(TestTokens.sign(claims("tina").audience("another-system")))
                .get("/api/v1/leads")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        as(TestTokens.sign(Jwt.issuer(TestTokens.ISSUER)
                        .subject("tina")
                        .groups("salesperson")
                        .issuedAt(Instant.now())
                        .expiresIn(3600)))
                .get("/api/v1/leads")
                .then()
                .statusCode(401);
    }

    @Test
    void aTokenThatLivesTooLongOrSaysNotWhenItWasIssuedIsRefused() {
        as(TestTokens.sign(claims("tina").expiresAt(Instant.parse("3000-01-01T00:00:00Z"))))
                .get("/api/v1/leads")
                .then()
                .statusCode(401);
        as(TestTokens.sign(claims("tina")
                        .issuedAt(Instant.now().minus(2, ChronoUnit.DAYS))
                        .expiresAt(Instant.now().plus(1, ChronoUnit.HOURS))))
                .get("/api/v1/leads")
                .then()
                .statusCode(401);
    }

    @Test
    void aTokenWithABlankSubjectIsRefused() {
        as(TestTokens.sign(claims(""))).get("/api/v1/leads").then().statusCode(401);
        as(TestTokens.sign(claims("   "))).get("/api/v1/leads").then().statusCode(401);
    }

    @Test
    void answersForbidSniffingAndRecordReadsAreNeverCached() {
        String token = TestTokens.salesperson("tina");
        String id = as(token)
                .body("{\"topic\":\"headers\",\"lastName\":\"Doe\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(201)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .extract()
                .path("id");
        as(token)
                .get("/api/v1/leads/" + id)
                .then()
                .statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Cache-Control", equalTo("no-store"));
        as(token).get("/api/v1/leads?size=1").then().header("Cache-Control", equalTo("no-store"));
        as(token)
                .get("/api/v1/leads/" + java.util.UUID.randomUUID())
                .then()
                .statusCode(404)
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }
}

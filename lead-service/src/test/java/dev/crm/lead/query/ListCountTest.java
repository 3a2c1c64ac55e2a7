package dev.crm.lead.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.crm.platform.query.Listing;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.TestTokens;
import io.quarkus.panache.common.Parameters;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.restassured.http.ContentType;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lists count their rows only so far past the page asked for, unless the caller asks for the exact count. */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class ListCountTest {

    private static final int LEADS = 7;

    @Inject
    Vertx vertx;

    private String owner;

    @BeforeEach
    void sevenLeadsOfOneOwner() {
        owner = "counted-" + UUID.randomUUID();
        for (int i = 0; i < LEADS; i++) {
            given().auth()
                    .oauth2(TestTokens.salesperson(owner))
                    .contentType(ContentType.JSON)
                    .body("{\"topic\":\"Counted " + i + "\",\"lastName\":\"Count\"}")
                    .post("/api/v1/leads")
                    .then()
                    .statusCode(201);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().auth()
                                .oauth2(TestTokens.salesperson(owner))
                                .get("/api/v1/leads?view=my-open&count=exact")
                                .then()
                                .extract()
                                .<Integer>path("totalItems")
                        == LEADS);
    }

    @Test
    void aCountThatReachesItsLimitSaysThereAreAtLeastThatMany() throws Exception {
        Listing.Page<String> page = page(new Listing.Paging(0, 2, 5));

        assertThat(page.items()).hasSize(2);
        assertThat(page.totalItems()).isEqualTo(5);
        assertThat(page.totalItemsExact()).isFalse();
        assertThat(page.totalPages()).isEqualTo(3);
    }

    @Test
    void aCountBelowItsLimitIsExact() throws Exception {
        Listing.Page<String> page = page(new Listing.Paging(1, 2, 8));

        assertThat(page.items()).hasSize(2);
        assertThat(page.totalItems()).isEqualTo(LEADS);
        assertThat(page.totalItemsExact()).isTrue();
        assertThat(page.totalPages()).isEqualTo(4);
    }

    @Test
    void theApiCountsExactlyBelowTheDefaultLimitAndOnRequest() {
        for (String count : new String[] {"", "&count=exact", "&count=EXACT"}) {
            given().auth()
                    .oauth2(TestTokens.salesperson(owner))
                    .get("/api/v1/leads?view=my-open&size=3" + count)
                    .then()
                    .statusCode(200)
                    .body("items.size()", equalTo(3))
                    .body("totalItems", equalTo(LEADS))
                    .body("totalItemsExact", equalTo(true))
                    .body("totalPages", equalTo(3));
        }
    }

    @Test
    void anUnknownCountIsA400NamingIt() {
        given().auth()
                .oauth2(TestTokens.salesperson(owner))
                .get("/api/v1/leads?count=roughly")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("count"));
    }

    private Listing.Page<String> page(Listing.Paging paging) throws Exception {
        String where = "ownerId = :owner and deleted = false";
        Parameters params = Parameters.with("owner", owner);
        CompletableFuture<Listing.Page<String>> result = new CompletableFuture<>();
        Context request = VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(request, true);
        request.runOnContext(ignored -> Listing.page(
                        () -> LeadRow.find(where, params), LeadRow.class, where, params, row -> row.id, paging)
                .subscribe()
                .with(result::complete, result::completeExceptionally));
        return result.get(30, TimeUnit.SECONDS);
    }
}

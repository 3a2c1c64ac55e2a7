package dev.crm.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.RandomText;
import dev.crm.testing.RawHttp;
import dev.crm.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OWASP API Security Top 10 (2023), tried as an attacker would against the four services run as processes: two
 * salespeople (alice, the victim; bob, the attacker) and a sales manager (maria). Each test names its item; each
 * asserts the refusal and that the victim's record is unchanged. docs/security.md maps the items to these tests.
 */
class OwaspApiTop10Test {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The service protection defaults every user has, but "thrifty", whose budget the tests spend. */
    private static final int CONCURRENT = 52;

    private static final int THRIFTY_BUDGET = 12;

    private static CrmSystem system;
    private static ServiceProcess leadService;
    private static ServiceProcess contactAccountService;
    private static ServiceProcess opportunityService;
    private static ServiceProcess timelineService;
    private static List<ServiceProcess> all;
    private static String alice;
    private static String bob;
    private static String maria;

    @BeforeAll
    static void startEverything() {
        system = CrmSystem.start(Map.of(
                "lead-service",
                Map.of("JAVA_TOOL_OPTIONS", "-Dcrm.protection.users.thrifty.requests=" + THRIFTY_BUDGET)));
        leadService = system.service("lead-service");
        contactAccountService = system.service("contact-account-service");
        opportunityService = system.service("opportunity-service");
        timelineService = system.service("timeline-service");
        all = system.all();
        alice = TestTokens.salesperson("alice");
        bob = TestTokens.salesperson("bob");
        maria = TestTokens.manager("maria");
    }

    @AfterAll
    static void stopEverything() {
        system.close();
    }

    // --- API1:2023 Broken Object Level Authorization ---------------------------------------------------------------

    /** Bob qualifies his own lead into Alice's contact and account: linked, never changed. */
    @Test
    void api1_qualifyingIntoAnotherOwnersRecordsLinksThemButFillsNothing() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String contact = created(
                alice,
                contactAccountService,
                "/api/v1/contacts",
                Map.of("firstName", "Jon", "lastName", "Victim-" + suffix));
        String account =
                created(alice, contactAccountService, "/api/v1/accounts", Map.of("name", "Victim Inc " + suffix));
        String lead = created(
                bob,
                leadService,
                "/api/v1/leads",
                Map.of(
                        "topic",
                        "Bob's lead",
                        "firstName",
                        "Jon",
                        "lastName",
                        "Victim-" + suffix,
                        "jobTitle",
                        "Bob's title",
                        "email",
                        "jon@bob.example",
                        "businessPhone",
                        "+1 555 0199",
                        "companyName",
                        "Bob's company",
                        "website",
                        "https://bob.example"));

        // naming her contact elsewhere changes only bob's own records: a stakeholder of his lead (carried over to his
        // opportunity), the primary contact of his account
        as(bob, leadService)
                .body(Map.of("contactId", contact, "role", "DECISION_MAKER"))
                .post("/api/v1/leads/" + lead + "/stakeholders")
                .then()
                .statusCode(201);
        String bobsAccount =
                created(bob, contactAccountService, "/api/v1/accounts", Map.of("name", "Bob's own " + suffix));
        as(bob, contactAccountService)
                .contentType("application/merge-patch+json")
                .body(Map.of("primaryContactId", contact))
                .patch("/api/v1/accounts/" + bobsAccount)
                .then()
                .statusCode(200)
                .body("primaryContactId", equalTo(contact));

        // lead-service knows the records once its replica has them; until then a chosen id is a 400
        String body = "{\"existingContactId\":\"" + contact + "\",\"existingAccountId\":\"" + account + "\"}";
        Response answer = await().atMost(PATIENCE)
                .until(
                        () -> as(bob, leadService).body(body).post("/api/v1/leads/" + lead + "/qualify"),
                        r -> r.statusCode() != 400);
        answer.then()
                .statusCode(200)
                .body("contactId", equalTo(contact))
                .body("accountId", equalTo(account))
                .body("notFilled.recordType", org.hamcrest.Matchers.containsInAnyOrder("contact", "account"));
        String opportunity = answer.path("opportunityId");
        await().atMost(PATIENCE)
                .until(() -> as(bob, opportunityService)
                                .get("/api/v1/opportunities/" + opportunity)
                                .statusCode()
                        == 200);
        as(bob, opportunityService)
                .get("/api/v1/opportunities/" + opportunity)
                .then()
                .body("ownerId", equalTo("bob"))
                .body("stakeholders.contactId", hasItem(contact));

        String qualifiedEventId = KafkaTopics.readAll(
                        Topics.LEAD,
                        r -> lead.equals(r.key())
                                && "crm.lead.qualified.v1".equals(KafkaTopics.header(r, CloudEventHeaders.TYPE)))
                .stream()
                .map(r -> KafkaTopics.header(r, CloudEventHeaders.ID))
                .findFirst()
                .orElseThrow();
        await().atMost(PATIENCE).until(() -> handledByContactAccountService(qualifiedEventId));

        as(alice, contactAccountService)
                .get("/api/v1/contacts/" + contact)
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("jobTitle", nullValue())
                .body("email", nullValue())
                .body("businessPhone", nullValue())
                .body("parentAccountId", nullValue())
                .body("modifiedBy", equalTo("alice"));
        as(alice, contactAccountService)
                .get("/api/v1/accounts/" + account)
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("website", nullValue())
                .body("phone", nullValue())
                .body("primaryContactId", nullValue());
    }

    /** The answer of such a qualification says which fields it left, and why. */
    @Test
    void api1_theQualifyAnswerNamesTheFieldsItLeft() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String contact = created(
                alice,
                contactAccountService,
                "/api/v1/contacts",
                Map.of("firstName", "Ann", "lastName", "Left-" + suffix));
        String lead = created(
                bob,
                leadService,
                "/api/v1/leads",
                Map.of("topic", "Bob's other lead", "lastName", "Left-" + suffix, "jobTitle", "Buyer"));
        String body = "{\"existingContactId\":\"" + contact + "\"}";
        Response answer = await().atMost(PATIENCE)
                .until(
                        () -> as(bob, leadService).body(body).post("/api/v1/leads/" + lead + "/qualify"),
                        r -> r.statusCode() != 400);
        answer.then()
                .statusCode(200)
                .body("notFilled[0].recordType", equalTo("contact"))
                .body("notFilled[0].id", equalTo(contact))
                .body("notFilled[0].fields", hasItem("jobTitle"))
                .body("notFilled[0].reason", containsString("owner"));
        // Maria may change Alice's contact: her qualification leaves nothing
        String marias = created(
                maria,
                leadService,
                "/api/v1/leads",
                Map.of("topic", "Maria's lead", "lastName", "Left-" + suffix, "jobTitle", "Buyer"));
        as(maria, leadService)
                .body(body)
                .post("/api/v1/leads/" + marias + "/qualify")
                .then()
                .statusCode(200)
                .body("notFilled", org.hamcrest.Matchers.empty());
    }

    /** Every direct route to another salesperson's record: 403, and the record is as it was. */
    @Test
    void api1_anotherSalespersonChangesNoneOfAlicesRecordsDirectly() {
        String lead =
                created(alice, leadService, "/api/v1/leads", Map.of("topic", "Alice's lead", "lastName", "Victim"));
        String contact = created(alice, contactAccountService, "/api/v1/contacts", Map.of("lastName", "Victim"));
        String account = created(alice, contactAccountService, "/api/v1/accounts", Map.of("name", "Victim Co"));
        String opportunity = as(alice, leadService)
                .body("{\"ignoreDuplicates\":true}")
                .post("/api/v1/leads/" + lead + "/qualify")
                .then()
                .statusCode(200)
                .extract()
                .path("opportunityId");
        await().atMost(PATIENCE)
                .until(() -> as(alice, opportunityService)
                                .get("/api/v1/opportunities/" + opportunity)
                                .statusCode()
                        == 200);
        String activity = await().atMost(PATIENCE)
                .until(
                        () -> as(alice, timelineService)
                                .body(Map.of(
                                        "type",
                                        "TASK",
                                        "subject",
                                        "Alice's task",
                                        "regarding",
                                        Map.of("type", "OPPORTUNITY", "id", opportunity)))
                                .post("/api/v1/activities"),
                        r -> r.statusCode() == 201)
                .path("id");
        String note = as(alice, timelineService)
                .body(Map.of("text", "Alice's note", "regarding", Map.of("type", "OPPORTUNITY", "id", opportunity)))
                .post("/api/v1/notes")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        patchRefused(contactAccountService, "/api/v1/contacts/" + contact, "{\"jobTitle\":\"pwned\"}");
        patchRefused(contactAccountService, "/api/v1/accounts/" + account, "{\"website\":\"https://pwned.example\"}");
        patchRefused(opportunityService, "/api/v1/opportunities/" + opportunity, "{\"description\":\"pwned\"}");
        patchRefused(timelineService, "/api/v1/activities/" + activity, "{\"subject\":\"pwned\"}");
        patchRefused(timelineService, "/api/v1/notes/" + note, "{\"text\":\"pwned\"}");
        as(bob, opportunityService)
                .post("/api/v1/opportunities/" + opportunity + "/process/next-stage")
                .then()
                .statusCode(403);
        as(bob, opportunityService)
                .body("{}")
                .post("/api/v1/opportunities/" + opportunity + "/win")
                .then()
                .statusCode(403);
        as(bob, opportunityService)
                .body(Map.of("contactId", contact))
                .post("/api/v1/opportunities/" + opportunity + "/stakeholders")
                .then()
                .statusCode(403);
        as(bob, timelineService)
                .body("{}")
                .post("/api/v1/activities/" + activity + "/complete")
                .then()
                .statusCode(403);
        as(bob, timelineService).delete("/api/v1/notes/" + note).then().statusCode(403);

        as(alice, contactAccountService)
                .get("/api/v1/contacts/" + contact)
                .then()
                .body("version", equalTo(1));
        as(alice, contactAccountService)
                .get("/api/v1/accounts/" + account)
                .then()
                .body("version", equalTo(1));
        as(alice, opportunityService)
                .get("/api/v1/opportunities/" + opportunity)
                .then()
                .body("version", equalTo(1))
                .body("state", equalTo("OPEN"))
                .body("stage", equalTo("QUALIFY"));
        as(alice, timelineService)
                .get("/api/v1/activities/" + activity)
                .then()
                .body("version", equalTo(1))
                .body("state", equalTo("OPEN"));
        as(alice, timelineService)
                .get("/api/v1/notes/" + note)
                .then()
                .body("version", equalTo(1))
                .body("text", equalTo("Alice's note"));
    }

    /** An import, its errors and the leads it made are visible to its importer, its leads' owner and managers. */
    @Test
    void api1_anotherSalespersonSeesNeitherAlicesImportNorListsItsLeads() {
        String importId = upload(alice, "topic,lastName\nFirst,One\nSecond,Two\n,Invalid\n");
        await().atMost(PATIENCE)
                .until(() -> !"RUNNING"
                        .equals(as(alice, leadService)
                                .get("/api/v1/lead-imports/" + importId)
                                .path("state")));
        as(bob, leadService).get("/api/v1/lead-imports/" + importId).then().statusCode(403);
        as(bob, leadService)
                .get("/api/v1/lead-imports/" + importId + "/errors")
                .then()
                .statusCode(403);
        as(bob, leadService)
                .get("/api/v1/leads?view=all&importId=" + importId)
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"));
        as(bob, leadService)
                .post("/api/v1/lead-imports/" + importId + "/revert")
                .then()
                .statusCode(403);
        as(maria, leadService)
                .get("/api/v1/leads?view=all&importId=" + importId)
                .then()
                .statusCode(200);
        await().atMost(PATIENCE)
                .until(() -> as(alice, leadService)
                                .get("/api/v1/leads?view=all&importId=" + importId)
                                .<Integer>path("totalItems")
                        == 2);
        as(alice, leadService)
                .get("/api/v1/lead-imports/" + importId + "/errors")
                .then()
                .statusCode(200)
                .body("totalItems", equalTo(1))
                .body("items[0].field", equalTo("topic"));
    }

    /** Someone else's notice cannot be dismissed. */
    @Test
    void api1_anotherUsersNoticeCannotBeDismissed() {
        String lead = created(alice, leadService, "/api/v1/leads", Map.of("topic", "Noticed", "lastName", "Victim"));
        await().atMost(PATIENCE)
                .until(() -> as(maria, timelineService)
                                .body(Map.of(
                                        "ownerId",
                                        "alice",
                                        "type",
                                        "TASK",
                                        "subject",
                                        "for alice",
                                        "regarding",
                                        Map.of("type", "LEAD", "id", lead)))
                                .post("/api/v1/activities")
                                .statusCode()
                        == 201);
        String notice = await().atMost(PATIENCE)
                .until(
                        () -> as(alice, timelineService)
                                .get("/api/v1/notifications")
                                .jsonPath()
                                .<String>getList("items.findAll { it.kind == 'ASSIGNED' }.id"),
                        ids -> !ids.isEmpty())
                .get(0);
        as(bob, timelineService)
                .post("/api/v1/notifications/" + notice + "/dismiss")
                .then()
                .statusCode(404);
        as(alice, timelineService).get("/api/v1/notifications").then().body("items.id", hasItem(notice));
    }

    // --- API2:2023 Broken Authentication ----------------------------------------------------------------------------

    @Test
    void api2_everyServiceRefusesMissingForgedAndMisissuedTokens() throws Exception {
        var otherKey = KeyPairGenerator.getInstance("RSA");
        otherKey.initialize(2048);
        String forged = Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject("maria")
                .groups("sales-manager")
                .issuedAt(Instant.now())
                .expiresIn(600)
                .jws()
                .keyId("test")
                .sign(otherKey.generateKeyPair().getPrivate());
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("garbage", "not.a.token");
        tokens.put("forged signature", forged);
        tokens.put("no signature (alg none)", unsigned());
        tokens.put("another audience", TestTokens.sign(claims("mallory").audience("another-system")));
        tokens.put(
                "no audience",
                TestTokens.sign(Jwt.issuer(TestTokens.ISSUER)
                        .subject("mallory")
                        .groups("salesperson")
                        .issuedAt(Instant.now())
                        .expiresIn(600)));
        tokens.put("another issuer", TestTokens.sign(claims("mallory").issuer("https://evil.example")));
        tokens.put(
                "valid until the year 3000",
                TestTokens.sign(claims("mallory").expiresAt(Instant.parse("3000-01-01T00:00:00Z"))));
        tokens.put(
                "expired",
                TestTokens.sign(claims("mallory")
                        .issuedAt(Instant.now().minusSeconds(7200))
                        .expiresAt(Instant.now().minusSeconds(3600))));
        tokens.put("blank subject", TestTokens.sign(claims(" ")));
        for (ServiceProcess service : all) {
            String path = listPathOf(service);
            given().baseUri(service.baseUrl())
                    .get(path)
                    .then()
                    .statusCode(401)
                    .contentType(startsWith("application/problem+json"));
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                given().baseUri(service.baseUrl())
                        .auth()
                        .oauth2(token.getValue())
                        .get(path)
                        .then()
                        .statusCode(401);
            }
            as(TestTokens.sign(claims("tina")), service).get(path).then().statusCode(200);
        }
    }

    // --- API3:2023 Broken Object Property Level Authorization -------------------------------------------------------

    @Test
    void api3_noPatchSetsOwnersVersionsAuditFieldsOrStates() {
        String lead = created(bob, leadService, "/api/v1/leads", Map.of("topic", "Bob's", "lastName", "Own"));
        for (String field : List.of(
                "{\"ownerId\":\"bob2\"}",
                "{\"version\":99}",
                "{\"createdBy\":\"x\"}",
                "{\"state\":\"QUALIFIED\"}",
                "{\"importId\":\"x\"}")) {
            as(bob, leadService)
                    .contentType("application/merge-patch+json")
                    .body(field)
                    .patch("/api/v1/leads/" + lead)
                    .then()
                    .statusCode(400)
                    .contentType(startsWith("application/problem+json"));
        }
        String contact = created(bob, contactAccountService, "/api/v1/contacts", Map.of("lastName", "Own"));
        as(bob, contactAccountService)
                .contentType("application/merge-patch+json")
                .body("{\"ownerId\":\"alice\"}")
                .patch("/api/v1/contacts/" + contact)
                .then()
                .statusCode(400);
        // a salesperson creates for nobody but himself
        as(bob, leadService)
                .body(Map.of("topic", "for alice", "lastName", "X", "ownerId", "alice"))
                .post("/api/v1/leads")
                .then()
                .statusCode(403);
        as(bob, leadService)
                .get("/api/v1/leads/" + lead)
                .then()
                .body("ownerId", equalTo("bob"))
                .body("version", equalTo(1));
    }

    // --- API4:2023 Unrestricted Resource Consumption ----------------------------------------------------------------

    @Test
    void api4_bodiesUrisHeadersAndPagesAreBoundedOnEveryService() throws IOException {
        for (ServiceProcess service : all) {
            int port = URI.create(service.baseUrl()).getPort();
            String path = listPathOf(service);
            RawHttp.Answer chunked = RawHttp.send(
                    port,
                    "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: Bearer " + alice + "\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked",
                    RawHttp.chunked(2 * 1024 * 1024, ' '));
            assertThat(chunked.status()).as(service.baseUrl()).isEqualTo(413);
            assertThat(chunked.header("content-type")).startsWith("application/problem+json");
            RawHttp.Answer declared = RawHttp.send(
                    port,
                    "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: Bearer " + alice
                            + "\r\nContent-Type: application/json\r\nContent-Length: "
                            + (2 * 1024 * 1024),
                    null);
            assertThat(declared.status()).isEqualTo(413);
            assertThat(declared.body()).contains("payload-too-large");
            RawHttp.Answer uri = RawHttp.send(
                    port,
                    "GET " + path + "?q=" + "x".repeat(9000) + " HTTP/1.1\r\n"
                            + "Host: localhost\r\nAuthorization: Bearer " + alice,
                    null);
            assertThat(uri.status()).isEqualTo(414);
            assertThat(uri.header("content-type")).startsWith("application/problem+json");
            RawHttp.Answer headers = RawHttp.send(
                    port,
                    "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + "Authorization: Bearer " + alice
                            + "\r\nX-Padding: " + "y".repeat(20_000),
                    null);
            assertThat(headers.status()).isEqualTo(431);
            assertThat(headers.header("content-type")).startsWith("application/problem+json");
        }
        // the upload path keeps its larger limit, but not for a path that only passes through it
        RawHttp.Answer through = RawHttp.send(
                URI.create(leadService.baseUrl()).getPort(),
                "POST /api/v1/lead-imports/../leads HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
                RawHttp.chunked(2 * 1024 * 1024, ' '));
        assertThat(through.status()).isEqualTo(400);
        assertThat(through.body()).contains("invalid-path");
    }

    @Test
    void api4_everyListRefusesPagesPastItsDepthAndOversizedPages() {
        Map<ServiceProcess, List<String>> lists = Map.of(
                leadService, List.of("/api/v1/leads", "/api/v1/lead-imports"),
                contactAccountService, List.of("/api/v1/contacts", "/api/v1/accounts"),
                opportunityService, List.of("/api/v1/opportunities"),
                timelineService, List.of("/api/v1/activities", "/api/v1/notes", "/api/v1/notifications"));
        int checked = 0;
        for (Map.Entry<ServiceProcess, List<String>> service : lists.entrySet()) {
            for (String list : service.getValue()) {
                as(alice, service.getKey())
                        .get(list + "?page=2147483647")
                        .then()
                        .statusCode(400)
                        .body("errors.field", hasItem("page"));
                as(alice, service.getKey())
                        .get(list + "?size=100000")
                        .then()
                        .statusCode(400)
                        .body("errors.field", hasItem("size"));
                checked++;
            }
        }
        String lead = created(alice, leadService, "/api/v1/leads", Map.of("topic", "timeline", "lastName", "Paged"));
        await().atMost(PATIENCE)
                .until(() -> as(alice, timelineService)
                                .get("/api/v1/timeline/lead/" + lead)
                                .statusCode()
                        == 200);
        as(alice, timelineService)
                .get("/api/v1/timeline/lead/" + lead + "?page=2147483647")
                .then()
                .statusCode(400);
        assertThat(checked + 1).as("the nine list endpoints").isEqualTo(9);
    }

    /** A burst past the in-flight cap: 429 with Retry-After for that user, while another user is served. */
    @Test
    void api4_aBurstPastTheInFlightCapIsRefusedWhileAnotherUserIsServed() throws Exception {
        String bursty = TestTokens.salesperson("bursty");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < CONCURRENT; i++) {
                held.add(unfinishedRequest(leadService, bursty));
            }
            Response refused = await().atMost(PATIENCE)
                    .until(() -> as(bursty, leadService).get("/api/v1/leads?size=1"), r -> r.statusCode() == 429);
            refused.then()
                    .contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("too-many-requests"));
            assertThat(refused.header("Retry-After")).isNotBlank();
            as(alice, leadService).get("/api/v1/leads?size=1").then().statusCode(200);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        await().atMost(PATIENCE)
                .until(() -> as(bursty, leadService).get("/api/v1/leads?size=1").statusCode() == 200);
        String metrics = given().get(leadService.managementUrl() + "/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics.lines()
                        .filter(l -> l.startsWith("crm_http_throttled_total{") && l.contains("limit=\"concurrency\""))
                        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .sum())
                .isPositive();
    }

    // --- API5:2023 Broken Function Level Authorization --------------------------------------------------------------

    @Test
    void api5_onlyManagersReassignAndActForOthersOnEveryService() {
        String lead = created(bob, leadService, "/api/v1/leads", Map.of("topic", "Bob's", "lastName", "Assign"));
        String contact = created(bob, contactAccountService, "/api/v1/contacts", Map.of("lastName", "Assign"));
        String account = created(bob, contactAccountService, "/api/v1/accounts", Map.of("name", "Assign Co"));
        as(bob, leadService)
                .body(Map.of("ownerId", "bob"))
                .post("/api/v1/leads/" + lead + "/assign")
                .then()
                .statusCode(403);
        as(bob, contactAccountService)
                .body(Map.of("ownerId", "bob"))
                .post("/api/v1/contacts/" + contact + "/assign")
                .then()
                .statusCode(403);
        as(bob, contactAccountService)
                .body(Map.of("ownerId", "bob"))
                .post("/api/v1/accounts/" + account + "/assign")
                .then()
                .statusCode(403);
        await().atMost(PATIENCE)
                .until(() -> as(bob, timelineService)
                                .get("/api/v1/timeline/lead/" + lead)
                                .statusCode()
                        == 200);
        as(bob, timelineService)
                .body(Map.of(
                        "ownerId",
                        "alice",
                        "type",
                        "TASK",
                        "subject",
                        "for alice",
                        "regarding",
                        Map.of("type", "LEAD", "id", lead)))
                .post("/api/v1/activities")
                .then()
                .statusCode(403);
        given().baseUri(leadService.baseUrl())
                .auth()
                .oauth2(bob)
                .multiPart("file", "leads.csv", "topic,lastName\nA,B\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("ownerId", "alice")
                .post("/api/v1/lead-imports")
                .then()
                .statusCode(403);
        as(maria, leadService)
                .body(Map.of("ownerId", "alice"))
                .post("/api/v1/leads/" + lead + "/assign")
                .then()
                .statusCode(200)
                .body("ownerId", equalTo("alice"));
    }

    // --- API6:2023 Unrestricted Access to Sensitive Business Flows --------------------------------------------------

    /** Mass creation is bounded by the user's budget; an import is one request, whatever its rows. */
    @Test
    void api6_aUsersBudgetBoundsMassCreationAndAnImportIsOneRequest() {
        String thrifty = TestTokens.salesperson("thrifty");
        for (int i = 0; i < THRIFTY_BUDGET - 1; i++) {
            as(thrifty, leadService)
                    .body(Map.of("topic", "mass " + i, "lastName", "Thrifty"))
                    .post("/api/v1/leads")
                    .then()
                    .statusCode(201);
        }
        String importId = upload(thrifty, "topic,lastName\nRow1,A\nRow2,B\nRow3,C\nRow4,D\n");
        Response refused = as(thrifty, leadService)
                .body(Map.of("topic", "one more", "lastName", "Thrifty"))
                .post("/api/v1/leads");
        refused.then().statusCode(429).contentType(startsWith("application/problem+json"));
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        // the import itself goes on in the background, and another user is served meanwhile
        as(maria, leadService).get("/api/v1/lead-imports/" + importId).then().statusCode(200);
        await().atMost(PATIENCE)
                .until(() -> "COMPLETED"
                        .equals(as(maria, leadService)
                                .get("/api/v1/lead-imports/" + importId)
                                .path("state")));
        as(maria, leadService).get("/api/v1/lead-imports/" + importId).then().body("created", equalTo(4));
    }

    // --- API8:2023 Security Misconfiguration ------------------------------------------------------------------------

    @Test
    void api8_managementEndpointsAreOffTheApiPortAndAnswersAreHardened() throws IOException {
        for (ServiceProcess service : all) {
            for (String path :
                    List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/openapi", "/q/swagger-ui", "/q/dev-ui")) {
                given().baseUri(service.baseUrl()).get(path).then().statusCode(404);
            }
            given().get(service.managementUrl() + "/q/metrics").then().statusCode(200);
            given().get(service.managementUrl() + "/q/health/ready").then().statusCode(200);
            given().get(service.managementUrl() + "/q/openapi").then().statusCode(200);

            String path = listPathOf(service);
            as(alice, service)
                    .get(path)
                    .then()
                    .statusCode(200)
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Cache-Control", equalTo("no-store"));
            for (String body : List.of("{\"x\":1} trailing", "{\"a\":1,\"a\":2}", "{\"a\": }", "[1,2]", "null")) {
                Response bad = as(alice, service).body(body).post(path);
                bad.then().statusCode(400).contentType(startsWith("application/problem+json"));
                assertThat(bad.asString())
                        .as(service.baseUrl() + " " + body)
                        .doesNotContain("Exception", "com.fasterxml", "java.", "Unexpected character", "at [Source");
            }
            int port = URI.create(service.baseUrl()).getPort();
            RawHttp.Answer dots = RawHttp.send(
                    port,
                    "GET /api/v1/x/../.." + path + " HTTP/1.1\r\nHost: localhost\r\n" + "Authorization: Bearer "
                            + alice,
                    null);
            assertThat(dots.status()).isEqualTo(400);
            RawHttp.Answer nul = RawHttp.send(
                    port,
                    "GET " + path + "/abc%00 HTTP/1.1\r\nHost: localhost\r\n" + "Authorization: Bearer " + alice,
                    null);
            assertThat(nul.status()).isEqualTo(400);
            given().baseUri(service.baseUrl())
                    .auth()
                    .oauth2(alice)
                    .urlEncodingEnabled(false)
                    .get(path + "?q=a%00b")
                    .then()
                    .statusCode(400)
                    .body("errors.field", hasItem("q"));
        }
        as(alice, leadService)
                .get("/api/v1/leads?state=BOGUS")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("state"))
                .body("errors.reason", hasItem(containsString("OPEN")));
        as(alice, opportunityService)
                .get("/api/v1/opportunities?stage=NOWHERE")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("stage"));
        as(alice, timelineService)
                .get("/api/v1/activities?type=FAX")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("type"));
    }

    // --- API9:2023 Improper Inventory Management --------------------------------------------------------------------

    /** Every operation each service documents needs a token, and the document defines the scheme they name. */
    @Test
    void api9_everyDocumentedOperationNeedsATokenAndNamesADefinedScheme() {
        int operations = 0;
        for (ServiceProcess service : all) {
            JsonPath document = given().accept("application/json")
                    .get(service.managementUrl() + "/q/openapi?format=json")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(document.getString("components.securitySchemes.jwt.scheme"))
                    .isEqualTo("bearer");
            Map<String, Map<String, Object>> paths = document.getMap("paths");
            for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
                for (String method : path.getValue().keySet()) {
                    if (!Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                        continue;
                    }
                    List<Map<String, Object>> security =
                            document.getList("paths.'" + path.getKey() + "'." + method + ".security");
                    assertThat(security).as(method + " " + path.getKey()).isNotEmpty();
                    assertThat(security.get(0)).as(method + " " + path.getKey()).containsKey("jwt");
                    String concrete = path.getKey()
                            .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                    Map<String, Object> content =
                            document.getMap("paths.'" + path.getKey() + "'." + method + ".requestBody.content");
                    String type = content == null || content.isEmpty()
                            ? "application/json"
                            : content.keySet().iterator().next();
                    RequestSpecification anonymous = given().baseUri(service.baseUrl());
                    anonymous = type.startsWith("multipart/")
                            ? anonymous.multiPart(
                                    "file", "leads.csv", "topic,lastName\n".getBytes(StandardCharsets.UTF_8))
                            : anonymous.contentType(type).body(type.contains("json") ? "{}" : "topic,lastName\n");
                    int status =
                            anonymous.request(method.toUpperCase(), concrete).statusCode();
                    assertThat(status)
                            .as("without a token: " + method + " " + concrete)
                            .isEqualTo(401);
                    operations++;
                }
            }
        }
        assertThat(operations).isGreaterThan(40);
    }

    // --- API10:2023 Unsafe Consumption of APIs ----------------------------------------------------------------------

    /** Text no read model can store is refused at every service's API, naming the field. */
    @Test
    void api10_textNoReadModelCanStoreIsRefusedAtEveryApi() {
        as(alice, leadService)
                .body("{\"topic\":\"acme\\u0000evil\",\"lastName\":\"Doe\"}")
                .post("/api/v1/leads")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("topic"));
        as(alice, contactAccountService)
                .body("{\"lastName\":\"Do\\ud800e\"}")
                .post("/api/v1/contacts")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("lastName"));
        as(alice, contactAccountService)
                .body("{\"name\":\"Acme\\u001b[31m\"}")
                .post("/api/v1/accounts")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("name"));
        as(alice, opportunityService)
                .body("{\"name\":\"deal\\u0000\"}")
                .post("/api/v1/opportunities")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("name"));
        as(alice, timelineService)
                .body("{\"type\":\"TASK\",\"subject\":\"call\\u0000\",\"regarding\":{\"type\":\"LEAD\"," + "\"id\":\""
                        + UUID.randomUUID() + "\"}}")
                .post("/api/v1/activities")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("subject"));
        as(alice, timelineService)
                .body("{\"text\":\"note\\udc00\",\"regarding\":{\"type\":\"LEAD\",\"id\":\"" + UUID.randomUUID()
                        + "\"}}")
                .post("/api/v1/notes")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("text"));
        // dates past what PostgreSQL's date and timestamptz hold, in bodies and in queries
        as(alice, timelineService)
                .body("{\"type\":\"TASK\",\"subject\":\"later\",\"dueAt\":\"+300000-01-01T00:00:00Z\","
                        + "\"regarding\":{\"type\":\"LEAD\",\"id\":\"" + UUID.randomUUID() + "\"}}")
                .post("/api/v1/activities")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("dueAt"));
        as(alice, opportunityService)
                .body("{\"name\":\"deal\",\"estimatedCloseDate\":\"+10000-01-01\"}")
                .post("/api/v1/opportunities")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("estimatedCloseDate"));
        as(alice, opportunityService)
                .urlEncodingEnabled(false)
                .get("/api/v1/pipeline?asOf=%2B300000-01-01T00:00:00Z")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("asOf"));
    }

    /**
     * Property, across services: a lead of random text the API accepts is qualified; its contact, account and
     * opportunity, made by other services from its events, hold the same text, and no consumer dead-letters anything.
     */
    @Test
    void api10_whateverTheApiAcceptsEveryConsumerStores() {
        long seed = Long.getLong("crm.property.seed", System.nanoTime());
        RandomText random = new RandomText(seed);
        Map<String, String> accepted = new LinkedHashMap<>();
        Map<String, String[]> made = new LinkedHashMap<>();
        for (int i = 0; accepted.size() < 15 && i < 300; i++) {
            String name = random.next(20);
            Response answer = as(alice, leadService)
                    .body("{\"topic\":" + RandomText.jsonString(name)
                            + ",\"lastName\":" + RandomText.jsonString(name) + ",\"companyName\":"
                            + RandomText.jsonString(name)
                            + "}")
                    .post("/api/v1/leads");
            if (answer.statusCode() == 201) {
                accepted.put(answer.path("id"), answer.path("lastName"));
            } else {
                assertThat(answer.statusCode())
                        .as("seed " + seed + ": " + RandomText.jsonString(name))
                        .isEqualTo(400);
            }
        }
        assertThat(accepted).as("seed " + seed).hasSize(15);
        accepted.forEach((lead, text) -> {
            JsonPath q = as(alice, leadService)
                    .body("{\"ignoreDuplicates\":true}")
                    .post("/api/v1/leads/" + lead + "/qualify")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            made.put(
                    lead,
                    new String[] {q.getString("contactId"), q.getString("accountId"), q.getString("opportunityId")});
        });
        accepted.forEach((lead, text) -> {
            String[] ids = made.get(lead);
            String why = "seed " + seed + ": " + RandomText.jsonString(text);
            await().atMost(PATIENCE)
                    .until(() -> as(alice, contactAccountService)
                                    .get("/api/v1/contacts/" + ids[0])
                                    .statusCode()
                            == 200);
            as(alice, contactAccountService)
                    .get("/api/v1/contacts/" + ids[0])
                    .then()
                    .body("lastName", equalTo(text));
            await().atMost(PATIENCE)
                    .until(() -> as(alice, contactAccountService)
                                    .get("/api/v1/accounts/" + ids[1])
                                    .statusCode()
                            == 200);
            as(alice, contactAccountService)
                    .get("/api/v1/accounts/" + ids[1])
                    .then()
                    .body("name", equalTo(text));
            await().atMost(PATIENCE)
                    .until(() -> as(alice, opportunityService)
                                    .get("/api/v1/opportunities/" + ids[2])
                                    .statusCode()
                            == 200);
            as(alice, opportunityService)
                    .get("/api/v1/opportunities/" + ids[2])
                    .then()
                    .body("name", equalTo(text));
            // the read models too: each list finds the record made from this lead
            await(why)
                    .atMost(PATIENCE)
                    .until(() -> as(alice, contactAccountService)
                                    .get("/api/v1/contacts?originatingLeadId=" + lead)
                                    .<Integer>path("totalItems")
                            == 1);
            await(why)
                    .atMost(PATIENCE)
                    .until(() -> as(alice, opportunityService)
                                    .get("/api/v1/opportunities?originatingLeadId=" + lead)
                                    .<Integer>path("totalItems")
                            == 1);
            await(why)
                    .atMost(PATIENCE)
                    .until(() -> as(alice, timelineService)
                                    .get("/api/v1/timeline/lead/" + lead)
                                    .statusCode()
                            == 200);
        });
        Set<String> keys = new java.util.HashSet<>(accepted.keySet());
        made.values().forEach(ids -> keys.addAll(List.of(ids)));
        for (String topic : deadLetterTopics()) {
            assertThat(KafkaTopics.readAll(topic, r -> keys.contains(r.key())))
                    .as("seed " + seed + ": " + topic)
                    .isEmpty();
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    private static RequestSpecification as(String token, ServiceProcess service) {
        return given().baseUri(service.baseUrl())
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    /** Creates a record as {@code token} and answers its id (201 expected). */
    private static String created(String token, ServiceProcess service, String path, Object body) {
        return as(token, service)
                .body(body)
                .post(path)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static void patchRefused(ServiceProcess service, String path, String patch) {
        as(bob, service)
                .contentType("application/merge-patch+json")
                .body(patch)
                .patch(path)
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"));
    }

    private static String listPathOf(ServiceProcess service) {
        if (service == leadService) {
            return "/api/v1/leads";
        }
        if (service == contactAccountService) {
            return "/api/v1/contacts";
        }
        return service == opportunityService ? "/api/v1/opportunities" : "/api/v1/activities";
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder claims(String subject) {
        return Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject(subject)
                .upn(subject)
                .groups("salesperson")
                .issuedAt(Instant.now())
                .expiresIn(600);
    }

    private static String unsigned() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"crm\",\"sub\":\"maria\","
                                + "\"groups\":[\"sales-manager\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + "}")
                        .getBytes(StandardCharsets.UTF_8))
                + ".";
    }

    private static String upload(String token, String csv) {
        return given().baseUri(leadService.baseUrl())
                .auth()
                .oauth2(token)
                .multiPart("file", "leads.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("duplicatePolicy", "CREATE")
                .post("/api/v1/lead-imports")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    /** A create whose chunked body never ends: the request stays in flight until the socket closes. */
    private static Socket unfinishedRequest(ServiceProcess service, String token) throws IOException {
        Socket socket = new Socket("127.0.0.1", URI.create(service.baseUrl()).getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + listPathOf(service) + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"top\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    private static boolean handledByContactAccountService(String eventId) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        system.database("contact-account-service"),
                        system.settings().get("quarkus.datasource.username"),
                        system.settings().get("quarkus.datasource.password"));
                PreparedStatement query = c.prepareStatement(
                        "select count(*) from crm_inbox where consumer_group = 'contact-account-service' and event_id = ?")) {
            query.setString(1, eventId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1) == 1;
            }
        }
    }

    private static List<String> deadLetterTopics() {
        try {
            return Files.readAllLines(Path.of("..", "deploy", "kafka", "topics.txt")).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.split("\\s+")[0])
                    .filter(t -> t.endsWith(".dlq"))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.crm.lead.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.crm.events.v1.Topics;
import dev.crm.lead.importing.XlsxFiles;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lead imports through the API, on real files: per-row results, duplicates, revert, idempotency, refusals. */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class LeadImportTest {

    static final String IMPORTS = "/api/v1/lead-imports";
    static final String ALICE = TestTokens.salesperson("alice");

    @TempDir
    Path dir;

    @Inject
    DataSource dataSource;

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    static Path sample(String name) {
        try {
            return Path.of(LeadImportTest.class.getResource("/imports/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String upload(String token, Path file, Map<String, String> form) {
        RequestSpecification request = as(token).multiPart("file", file.toFile());
        form.forEach(request::multiPart);
        Response response = request.post(IMPORTS);
        response.then().statusCode(202).header("Location", containsString(IMPORTS + "/"));
        return response.path("id");
    }

    /** The import once it is no longer RUNNING (or REVERTING). */
    static JsonPath finished(String token, String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String state = as(token)
                    .get(IMPORTS + "/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("state");
            return !state.equals("RUNNING") && !state.equals("REVERTING");
        });
        return as(token).get(IMPORTS + "/" + id).then().extract().jsonPath();
    }

    static List<Map<String, Object>> errors(String token, String id) {
        return as(token)
                .get(IMPORTS + "/" + id + "/errors")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    static List<String> leadsOf(String token, String id) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> as(token)
                        .get("/api/v1/leads?view=all&size=200&importId=" + id)
                        .then()
                        .extract()
                        .<Integer>path("totalItems")
                        .equals(finished(token, id).getInt("created")
                                - finished(token, id).getInt("reverted")));
        return as(token)
                .get("/api/v1/leads?view=all&size=200&importId=" + id)
                .then()
                .extract()
                .path("items.id");
    }

    /**
     * Text an API create refuses is a row error in an import too, never a dead letter; the error quotes at most 200
     * characters of the cell, with the refused characters written as code points; the list is paged with its total.
     */
    @Test
    void aRowWithTextNoReadModelCanStoreIsARowErrorQuotedSafely() throws Exception {
        Path file = java.nio.file.Files.createTempFile("unstorable-", ".csv");
        java.nio.file.Files.writeString(
                file,
                "topic,lastName,rating,description\n"
                        + "Fine,One,HOT,\"two\nlines\"\n"
                        + "acme\u0000evil,Two,WARM,\n"
                        + "Be\u0007ll,Three,COLD,\n"
                        + "Long,Four," + "x".repeat(5_000) + "\u0000,\n",
                java.nio.charset.StandardCharsets.UTF_8);
        String id = upload(ALICE, file, Map.of("duplicatePolicy", "CREATE"));
        JsonPath done = finished(ALICE, id);
        assertThat(List.of(done.getInt("created"), done.getInt("invalid"))).containsExactly(1, 3);

        JsonPath page = as(ALICE)
                .get(IMPORTS + "/" + id + "/errors?size=2")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(page.getInt("totalItems")).isEqualTo(3);
        assertThat(page.getList("items")).hasSize(2);
        List<Map<String, Object>> issues = errors(ALICE, id);
        assertThat(issues).extracting(e -> e.get("field")).containsExactly("topic", "topic", "rating");
        assertThat((String) issues.get(0).get("reason")).contains("NUL");
        String quoted = (String) issues.get(2).get("reason");
        assertThat(quoted).doesNotContain("\u0000").hasSizeLessThan(400).contains("…");
        assertThat(KafkaTopics.readAll(
                        Topics.deadLetter(Topics.LEAD, "lead-service"),
                        r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains("evil")))
                .isEmpty();
        as(ALICE)
                .get(IMPORTS + "/" + id + "/errors?kind=BOGUS")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("kind"));
    }

    @Test
    void aFrenchSemicolonCsvImportsItsValidRowsAndNamesEachInvalidOne() {
        String id = upload(ALICE, sample("salon-fr.csv"), Map.of("duplicatePolicy", "CREATE"));
        JsonPath done = finished(ALICE, id);
        assertThat(done.getString("state")).isEqualTo("COMPLETED");
        assertThat(List.of(
                        done.getInt("rowsRead"),
                        done.getInt("created"),
                        done.getInt("invalid"),
                        done.getInt("skipped")))
                .containsExactly(6, 3, 3, 0);
        assertThat(done.getDouble("progress")).isEqualTo(1.0);
        assertThat(errors(ALICE, id))
                .extracting(e -> e.get("row") + ":" + e.get("kind") + ":" + e.get("field"))
                .containsExactly("3:INVALID:lastName", "4:INVALID:email", "5:INVALID:rating");
        List<String> leads = leadsOf(ALICE, id);
        assertThat(leads).hasSize(3);
        as(ALICE)
                .get("/api/v1/leads/" + leads.get(0))
                .then()
                .statusCode(200)
                .body("importId", equalTo(id))
                .body("ownerId", equalTo("alice"));
        String csv = as(ALICE)
                .accept("text/csv")
                .get(IMPORTS + "/" + id + "/errors")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract()
                .asString();
        assertThat(List.of(csv.split("\r\n"))).hasSize(4).first().isEqualTo("row,kind,field,reason,leadId");
        assertThat(csv).contains("5,INVALID,rating,\"must be one of [HOT, WARM, COLD]; not \"\"Brûlant\"\"\",");
    }

    @Test
    void anXmlBodyAndAnXlsxFileImportLikeACsv() throws IOException {
        String xml = as(ALICE)
                .contentType("application/xml")
                .body(Files.readAllBytes(sample("trade-show.xml")))
                .post(IMPORTS + "?duplicatePolicy=CREATE&leadSource=Salon")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath xmlDone = finished(ALICE, xml);
        assertThat(List.of(xmlDone.getInt("rowsRead"), xmlDone.getInt("created"), xmlDone.getInt("invalid")))
                .containsExactly(3, 2, 1);
        assertThat(errors(ALICE, xml))
                .extracting(e -> e.get("row") + ":" + e.get("field"))
                .containsExactly("2:lastName");
        List<String> xmlLeads = leadsOf(ALICE, xml);
        assertThat(xmlLeads)
                .allSatisfy(lead ->
                        as(ALICE).get("/api/v1/leads/" + lead).then().body("leadSource", equalTo("TRADE_SHOW")));

        Path xlsx = dir.resolve("campagne.xlsx");
        String unique = UUID.randomUUID().toString().substring(0, 8);
        XlsxFiles.write(
                xlsx,
                "Prospects",
                List.of(
                        List.of("Rubrique", "Nom", "Société", "Date de clôture estimée", "Budget", "Devise"),
                        List.of(
                                "Torréfacteur " + unique,
                                "Garnier",
                                "Garnier " + unique,
                                LocalDate.of(2027, 3, 1),
                                4200,
                                "EUR"),
                        List.of("Sans nom " + unique, "", "X", "", "", ""),
                        List.of("Budget faux " + unique, "Roux", "Roux " + unique, "", "beaucoup", "EUR")));
        String fromXlsx = upload(ALICE, xlsx, Map.of("duplicatePolicy", "CREATE"));
        JsonPath xlsxDone = finished(ALICE, fromXlsx);
        assertThat(List.of(xlsxDone.getString("format"), xlsxDone.getString("state")))
                .containsExactly("XLSX", "COMPLETED");
        assertThat(List.of(xlsxDone.getInt("rowsRead"), xlsxDone.getInt("created"), xlsxDone.getInt("invalid")))
                .containsExactly(3, 1, 2);
        assertThat(errors(ALICE, fromXlsx))
                .extracting(e -> e.get("row") + ":" + e.get("field"))
                .containsExactly("2:lastName", "3:budgetAmount");
        String lead = leadsOf(ALICE, fromXlsx).get(0);
        as(ALICE)
                .get("/api/v1/leads/" + lead)
                .then()
                .body("estimatedCloseDate", equalTo("2027-03-01"))
                .body("budgetAmount.currency", equalTo("EUR"));
    }

    @Test
    void skipLeavesDuplicatesOutNamingWhatTheyMatchedAndCreateImportsThem() throws IOException {
        String u = UUID.randomUUID().toString().substring(0, 8);
        Path file = dir.resolve("dupes.csv");
        Files.writeString(
                file,
                "Topic,First Name,Last Name,Company,Email\n"
                        + "First," + "Ana,Lima" + u + ",Lima SA,ana." + u + "@example.com\n"
                        + "Same e-mail,Other,Person" + u + ",,ANA." + u + "@example.com\n"
                        + "Same name and company,Ana,Lima" + u + ",LIMA SA,\n"
                        + "Someone else,Ana,Lima" + u + ",Other SA,\n",
                StandardCharsets.UTF_8);
        String first = upload(ALICE, file, Map.of("duplicatePolicy", "SKIP"));
        JsonPath once = finished(ALICE, first);
        assertThat(List.of(once.getInt("created"), once.getInt("skipped"))).containsExactly(2, 2);
        String original = leadsOf(ALICE, first).stream()
                .filter(id -> as(ALICE)
                        .get("/api/v1/leads/" + id)
                        .then()
                        .extract()
                        .<String>path("topic")
                        .equals("First"))
                .findFirst()
                .orElseThrow();
        assertThat(errors(ALICE, first))
                .extracting(e -> e.get("row") + ":" + e.get("kind") + ":" + e.get("leadId"))
                .containsExactly("2:DUPLICATE:" + original, "3:DUPLICATE:" + original);

        // again: every row now matches a lead of the read model
        String again = upload(ALICE, file, Map.of("duplicatePolicy", "SKIP"));
        JsonPath twice = finished(ALICE, again);
        assertThat(List.of(twice.getInt("created"), twice.getInt("skipped"))).containsExactly(0, 4);
        assertThat(errors(ALICE, again))
                .allSatisfy(e -> assertThat((String) e.get("reason")).startsWith("matches lead"));

        String created = upload(ALICE, file, Map.of("duplicatePolicy", "CREATE"));
        JsonPath all = finished(ALICE, created);
        assertThat(List.of(all.getInt("created"), all.getInt("skipped"))).containsExactly(4, 0);
    }

    /**
     * SKIP means skip across imports and the API: the second upload of a file, queued behind the first, and a row
     * matching a lead created through the API a moment before, are skipped by the leads' duplicate keys (written with
     * each lead, in its transaction), whether or not the lead list shows those leads yet.
     */
    @Test
    void theSameFileUploadedTwiceAtOnceWithSkipCreatesItsLeadsOnce() throws IOException {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String apiEmail = "api." + u + "@example.com";
        LeadApiTest.create(ALICE, "{\"topic\":\"by hand\",\"lastName\":\"Hand\",\"email\":\"" + apiEmail + "\"}");
        StringBuilder lines = new StringBuilder("Topic,Last Name,Email\n");
        for (int i = 0; i < 5; i++) {
            lines.append("Twice ")
                    .append(i)
                    .append(",Twin,twin")
                    .append(i)
                    .append('.')
                    .append(u)
                    .append("@example.com\n");
        }
        lines.append("Made by hand,Hand,").append(apiEmail.toUpperCase()).append('\n');
        Path file = Files.writeString(dir.resolve("twice.csv"), lines);

        String first = upload(ALICE, file, Map.of("duplicatePolicy", "SKIP"));
        String second = upload(ALICE, file, Map.of("duplicatePolicy", "SKIP"));
        JsonPath one = finished(ALICE, first);
        JsonPath two = finished(ALICE, second);

        assertThat(one.getInt("created") + two.getInt("created")).isEqualTo(5);
        assertThat(one.getInt("skipped") + two.getInt("skipped")).isEqualTo(7);
        System.out.printf(
                "SKIP twice: first import created %d and skipped %d, second created %d and skipped %d%n",
                one.getInt("created"), one.getInt("skipped"), two.getInt("created"), two.getInt("skipped"));
    }

    @Test
    void revertRemovesTheUntouchedLeadsOfTheImportAndKeepsAndReportsAnEditedOne() throws IOException {
        String u = UUID.randomUUID().toString().substring(0, 8);
        Path file = dir.resolve("revert.csv");
        Files.writeString(file, "Topic,Last Name\nOne " + u + ",A\nTwo " + u + ",B\nThree " + u + ",C\n");
        String id = upload(ALICE, file, Map.of("duplicatePolicy", "CREATE"));
        assertThat(finished(ALICE, id).getInt("created")).isEqualTo(3);
        List<String> leads = leadsOf(ALICE, id);
        String edited = leads.get(0);
        as(ALICE)
                .contentType(LeadApiTest.MERGE_PATCH)
                .body("{\"description\":\"called back\"}")
                .patch("/api/v1/leads/" + edited)
                .then()
                .statusCode(200);
        // another salesperson may not revert alice's import
        as(TestTokens.salesperson("bob"))
                .post(IMPORTS + "/" + id + "/revert")
                .then()
                .statusCode(403);

        as(ALICE).post(IMPORTS + "/" + id + "/revert").then().statusCode(202);
        JsonPath reverted = finished(ALICE, id);
        assertThat(reverted.getString("state")).isEqualTo("REVERTED");
        assertThat(List.of(reverted.getInt("reverted"), reverted.getInt("kept")))
                .containsExactly(2, 1);
        assertThat(as(ALICE)
                        .get(IMPORTS + "/" + id + "/errors?kind=KEPT")
                        .then()
                        .extract()
                        .jsonPath()
                        .<String>getList("items.leadId"))
                .containsExactly(edited);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(as(ALICE)
                                .get("/api/v1/leads?view=all&importId=" + id)
                                .then()
                                .extract()
                                .<List<String>>path("items.id"))
                        .containsExactly(edited));
        String gone = leads.get(1);
        as(ALICE).get("/api/v1/leads/" + gone).then().statusCode(404).body("code", equalTo("lead-deleted"));
        as(ALICE)
                .get("/api/v1/leads/" + gone + "/history")
                .then()
                .statusCode(200)
                .body("type", org.hamcrest.Matchers.hasItems("crm.lead.created.v1", "crm.lead.deleted.v1"));
        as(ALICE)
                .post(IMPORTS + "/" + id + "/revert")
                .then()
                .statusCode(409)
                .body("code", equalTo("import-not-revertible"));
    }

    @Test
    void theSameUploadRetriedWithItsIdempotencyKeyImportsOnce() throws IOException {
        String u = UUID.randomUUID().toString();
        Path file = dir.resolve("once.csv");
        Files.writeString(file, "Topic,Last Name\nOnce " + u + ",Solo\n");
        String first = as(ALICE)
                .header("Idempotency-Key", u)
                .multiPart("file", file.toFile())
                .post(IMPORTS)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String second = as(ALICE)
                .header("Idempotency-Key", u)
                .multiPart("file", file.toFile())
                .post(IMPORTS)
                .then()
                .statusCode(202)
                .header("Location", containsString(first))
                .extract()
                .path("id");
        assertThat(second).isEqualTo(first);
        assertThat(finished(ALICE, first).getInt("created")).isEqualTo(1);
        assertThat(as(ALICE)
                        .get("/api/v1/leads?view=all&q=" + u.substring(0, 8))
                        .then()
                        .extract()
                        .<Integer>path("totalItems"))
                .isEqualTo(1);
        // the key is the caller's: another user's same key is another import
        String bobs = as(TestTokens.salesperson("bob"))
                .header("Idempotency-Key", u)
                .multiPart("file", file.toFile())
                .post(IMPORTS)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        assertThat(bobs).isNotEqualTo(first);
    }

    @Test
    void filesThatCannotBeImportedAtAllAreRefusedAtOnceWithAProblem() throws IOException {
        as(ALICE)
                .contentType("application/xml")
                .body(Files.readAllBytes(sample("xxe.xml")))
                .post(IMPORTS)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("import-file-refused"));
        Path noTopic = dir.resolve("no-topic.csv");
        Files.writeString(noTopic, "Name,City\nDoe,Paris\n");
        as(ALICE)
                .multiPart("file", noTopic.toFile())
                .post(IMPORTS)
                .then()
                .statusCode(400)
                .body("code", equalTo("import-mapping-invalid"))
                .body("detail", containsString("topic"));
        // ... unless a mapping names the columns
        String mapped = as(ALICE)
                .multiPart("file", noTopic.toFile())
                .multiPart("mapping", "{\"City\":\"topic\",\"Name\":\"lastName\"}")
                .post(IMPORTS)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        assertThat(finished(ALICE, mapped).getInt("created")).isEqualTo(1);
        Path bomb = dir.resolve("bomb.xlsx");
        XlsxFiles.bomb(bomb, 300L << 20);
        as(ALICE)
                .multiPart("file", bomb.toFile())
                .post(IMPORTS)
                .then()
                .statusCode(413)
                .body("code", equalTo("import-file-too-large"));
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        as(ALICE)
                .multiPart("file", text.toFile(), "text/plain")
                .post(IMPORTS)
                .then()
                .statusCode(415)
                .body("code", equalTo("unsupported-media-type"));
        as(ALICE)
                .multiPart("file", noTopic.toFile())
                .multiPart("duplicatePolicy", "MERGE")
                .post(IMPORTS)
                .then()
                .statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("duplicatePolicy"));
        as(ALICE)
                .multiPart("file", noTopic.toFile())
                .multiPart("ownerId", "bob")
                .post(IMPORTS)
                .then()
                .statusCode(403);
    }

    @Test
    void theFileAndRowLimitsAreAnsweredNotExceeded() throws IOException {
        Path big = dir.resolve("big.csv");
        StringBuilder rows = new StringBuilder("Topic,Last Name,Description\n");
        String filler = "x".repeat(1500);
        while (rows.length() < (5 << 20)) {
            rows.append("Topic,Name,").append(filler).append('\n');
        }
        Files.writeString(big, rows);
        as(ALICE)
                .contentType("text/csv")
                .body(Files.readAllBytes(big))
                .post(IMPORTS)
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("payload-too-large"));

        Path many = validRows(dir.resolve("many.csv"), 3001);
        assertThat(Files.size(many)).as("over the 1 MB limit of other requests").isGreaterThan(1L << 16);
        String id = as(ALICE)
                .contentType("text/csv")
                .body(Files.readAllBytes(many))
                .post(IMPORTS + "?duplicatePolicy=CREATE")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath done = finished(ALICE, id);
        assertThat(done.getString("state")).isEqualTo("FAILED");
        assertThat(done.getString("failure")).contains("more than 3000 rows");
        assertThat(done.getInt("created")).isEqualTo(3000);
    }

    @Test
    void anImportWaitsWhileTheLeadListFallsBehindThenGoesOn() throws Exception {
        Path file = validRows(dir.resolve("paced.csv"), 200);
        String id;
        try (Connection holder = dataSource.getConnection();
                Statement lock = holder.createStatement()) {
            holder.setAutoCommit(false);
            // the projection cannot write lead_view; reading it (the importer's check) still works
            lock.execute("lock table lead_view in exclusive mode");
            id = upload(ALICE, file, Map.of("duplicatePolicy", "CREATE"));
            // batches of 50, 2 ahead of the list: the third waits for the list to show the first
            await().atMost(Duration.ofSeconds(30)).until(() -> created(id) == 150);
            Thread.sleep(2_000);
            assertThat(created(id))
                    .as("created while the list showed none of the import")
                    .isEqualTo(150);
            assertThat(as(ALICE).get(IMPORTS + "/" + id).then().extract().<String>path("state"))
                    .isEqualTo("RUNNING");
            holder.rollback();
        }
        JsonPath done = finished(ALICE, id);
        assertThat(done.getString("state")).isEqualTo("COMPLETED");
        assertThat(done.getInt("created")).isEqualTo(200);
        assertThat(leadsOf(ALICE, id)).hasSize(200);
    }

    /** A CSV file of {@code count} valid rows, unlike those of any other file. */
    static Path validRows(Path file, int count) throws IOException {
        StringBuilder lines = new StringBuilder("Topic,Last Name\n");
        String u = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < count; i++) {
            lines.append("Row ").append(i).append(' ').append(u).append(",Rows\n");
        }
        return Files.writeString(file, lines);
    }

    private static int created(String importId) {
        return as(ALICE)
                .get(IMPORTS + "/" + importId)
                .then()
                .statusCode(200)
                .extract()
                .path("created");
    }
}

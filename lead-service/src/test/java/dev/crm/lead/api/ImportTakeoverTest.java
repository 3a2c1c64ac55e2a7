package dev.crm.lead.api;

import static dev.crm.lead.api.LeadImportTest.ALICE;
import static dev.crm.lead.api.LeadImportTest.as;
import static dev.crm.lead.api.LeadImportTest.finished;
import static dev.crm.lead.api.LeadImportTest.upload;
import static dev.crm.lead.api.LeadImportTest.validRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crm.lead.importing.ImportStore;
import dev.crm.testing.CrmTestInfrastructure;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * An import outlives the instance that ran it: once its lease lapses, this instance takes it over and resumes it from
 * its last committed batch with the file kept in the database, so that every row is imported once. An instance that
 * lost its lease cannot commit another batch.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class ImportTakeoverTest {

    private static final String DEAD = "lead-service-killed-" + UUID.randomUUID();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ImportStore store;

    @ConfigProperty(name = "crm.instance.id")
    String instanceId;

    @Test
    void anImportWhoseInstanceDiedIsResumedFromItsLastCommittedBatchAndNoRowIsImportedTwice() throws Exception {
        Path whole = validRows(Files.createTempFile("takeover", ".csv"), 120);
        List<String> lines = Files.readAllLines(whole);
        // what the dead instance committed: the first batch (50 rows, the tests' batch size)
        Path firstBatch = Files.write(Files.createTempFile("takeover-first", ".csv"), lines.subList(0, 51));
        String before = upload(ALICE, firstBatch, Map.of());
        assertThat(finished(ALICE, before).getInt("created")).isEqualTo(50);

        String importId = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection()) {
            execute(
                    c,
                    "insert into lead_import (id, requested_by, owner_id, format, duplicate_policy, state, instance_id,"
                            + " file_size, created_at, lease_until, rows_read, rows_created, progress)"
                            + " values (?, 'alice', 'alice', 'CSV', 'CREATE', 'RUNNING', ?, ?, now(),"
                            + " now() - interval '1 minute', 50, 50, 0.4)",
                    importId,
                    DEAD,
                    Files.size(whole));
            execute(
                    c,
                    "insert into lead_import_lead (import_id, seq, lead_id, row_number)"
                            + " select ?, seq, lead_id, row_number from lead_import_lead where import_id = ?",
                    importId,
                    before);
            try (PreparedStatement file =
                    c.prepareStatement("insert into lead_import_file (import_id, content) values (?, ?)")) {
                file.setString(1, importId);
                file.setBytes(2, Files.readAllBytes(whole));
                file.executeUpdate();
            }
        }

        JsonPath done = finished(ALICE, importId);
        assertThat(done.getString("state")).isEqualTo("COMPLETED");
        assertThat(done.getInt("rowsRead")).isEqualTo(120);
        assertThat(done.getInt("created")).isEqualTo(120);
        assertThat(owner(importId)).as("the instance that took it over").startsWith(instanceId + "#");

        // the lists follow the store: once they show as many leads as the imports made
        await().atMost(Duration.ofSeconds(30))
                .until(() -> topicsOf(before).size() + topicsOf(importId).size() >= 120);
        List<String> topics = new ArrayList<>(topicsOf(before));
        topics.addAll(topicsOf(importId));
        assertThat(topics)
                .as("each row of the file once")
                .doesNotHaveDuplicates()
                .hasSize(120);
        Set<String> expected = new HashSet<>();
        lines.subList(1, lines.size()).forEach(line -> expected.add(line.split(",")[0]));
        assertThat(new HashSet<>(topics)).isEqualTo(expected);
        assertThat(kept(importId))
                .as("the file is dropped once the import ends")
                .isFalse();
    }

    @Test
    void anInstanceThatLostItsLeaseCannotCommitAnotherBatch() throws Exception {
        String importId = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection()) {
            execute(
                    c,
                    "insert into lead_import (id, requested_by, owner_id, format, duplicate_policy, state, instance_id,"
                            + " file_size, created_at, lease_until) values (?, 'alice', 'alice', 'CSV', 'CREATE',"
                            + " 'RUNNING', ?, 10, now(), now() + interval '1 hour')",
                    importId,
                    "lead-service-other-" + UUID.randomUUID());
        }
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew()
                        .run(() -> store.recordBatch(
                                importId,
                                List.of(new ImportStore.MadeLead(
                                        UUID.randomUUID().toString(), null, null, 2)),
                                List.of(),
                                new ImportStore.Progress(1, 1, 0, 0, 0.5))))
                .isInstanceOf(ImportStore.LeaseLost.class);
        as(ALICE)
                .get("/api/v1/lead-imports/" + importId)
                .then()
                .statusCode(200)
                .body("rowsRead", org.hamcrest.Matchers.equalTo(0))
                .body("created", org.hamcrest.Matchers.equalTo(0));
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("select count(*) from lead_import_lead where import_id = ?")) {
            select.setString(1, importId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("the batch's rows were rolled back").isZero();
            }
        }
    }

    private List<String> topicsOf(String importId) {
        return as(ALICE)
                .get("/api/v1/leads?view=all&size=200&importId=" + importId)
                .then()
                .statusCode(200)
                .extract()
                .path("items.topic");
    }

    private String owner(String importId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select instance_id from lead_import where id = ?")) {
            select.setString(1, importId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private boolean kept(String importId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select 1 from lead_import_file where import_id = ?")) {
            select.setString(1, importId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void execute(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}

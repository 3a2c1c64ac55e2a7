package dev.crm.lead.importing;

import dev.crm.platform.web.TextRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The import tables as the importing worker writes them (JDBC on the service's pool, so that a batch's rows join the
 * JTA transaction of the leads it creates). The API reads them through {@code query.LeadImportRow}.
 */
@ApplicationScoped
public class ImportStore {

    /** What is stored about an import when it starts; the client's file name as it can be stored and shown. */
    public record Started(
            String id,
            String requestedBy,
            String ownerId,
            String idempotencyKey,
            String fileName,
            String format,
            String duplicatePolicy,
            String leadSource,
            String instanceId,
            long fileSize,
            boolean requestedByManager,
            String sheet,
            String columnMapping) {
        public Started {
            fileName = TextRules.excerpt(fileName, 300);
        }
    }

    /**
     * One per-row outcome other than "created". The reason may quote the file's cells: it is kept as text the table
     * can store, and short (a file's error list is read by people, and served page by page).
     */
    public record Issue(Integer rowNumber, String kind, String field, String reason, String leadId) {
        public Issue {
            field = TextRules.excerpt(field, 100);
            reason = TextRules.excerpt(reason, 1000);
        }
    }

    /** A lead an import made, with the keys duplicate checks compare (SKIP imports only; null otherwise). */
    public record MadeLead(String leadId, String emailKey, String nameKey, Integer rowNumber) {}

    /** An import (or revert) this instance took over from one whose lease lapsed, with what resuming it needs. */
    public record TakenOver(
            String id,
            String state,
            String requestedBy,
            boolean requestedByManager,
            String ownerId,
            String format,
            String duplicatePolicy,
            String leadSource,
            String sheet,
            String columnMapping,
            int rowsRead,
            int revertThroughSeq) {}

    /**
     * This instance no longer holds the import: its lease lapsed and another instance took it over. The batch that
     * finds it out is rolled back, so that no row is imported by both.
     */
    public static class LeaseLost extends dev.crm.platform.messaging.PoisonMessageException {
        LeaseLost(String importId) {
            super("import " + importId + " was taken over by another instance");
        }
    }

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "crm.instance.id")
    String instanceId;

    /**
     * Who holds a lease: this instance in this run of its process. An instance restarted under the same id (the local
     * launcher's ids are stable) is another holder, so it takes over what its previous run left, and nothing of that
     * run can commit a batch any more.
     */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** The lease holder's name, {@code <instance id>#<run>}: written to {@code lead_import.instance_id}. */
    public String holder() {
        return instanceId + "#" + run;
    }

    @Inject
    ImportSettings settings;

    /** Who asked for an import and where it stands. */
    public record Summary(String id, String requestedBy, String state) {}

    /** Counts added by one batch. */
    public record Progress(int read, int created, int skipped, int invalid, double progress) {}

    @Inject
    DataSource dataSource;

    /** Inserts the import as RUNNING; an existing one with the same requester and idempotency key wins. */
    public String start(Started s) {
        try (Connection c = dataSource.getConnection()) {
            if (s.idempotencyKey() != null) {
                Optional<String> existing = byIdempotencyKey(c, s.requestedBy(), s.idempotencyKey());
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            try (PreparedStatement insert = c.prepareStatement("insert into lead_import (id, requested_by, owner_id,"
                    + " idempotency_key, file_name, format, duplicate_policy, lead_source, state, instance_id, file_size,"
                    + " created_at, lease_until, requested_by_manager, sheet, column_mapping)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?, ?)"
                    + " on conflict (requested_by, idempotency_key) where idempotency_key is not null do nothing")) {
                insert.setString(1, s.id());
                insert.setString(2, s.requestedBy());
                insert.setString(3, s.ownerId());
                insert.setString(4, s.idempotencyKey());
                insert.setString(5, s.fileName());
                insert.setString(6, s.format());
                insert.setString(7, s.duplicatePolicy());
                insert.setString(8, s.leadSource());
                insert.setString(9, holder());
                insert.setLong(10, s.fileSize());
                insert.setTimestamp(11, Timestamp.from(Instant.now()));
                insert.setTimestamp(12, leaseEnd());
                insert.setBoolean(13, s.requestedByManager());
                insert.setString(14, TextRules.excerpt(s.sheet(), 200));
                insert.setString(15, s.columnMapping());
                if (insert.executeUpdate() == 0) {
                    // a concurrent upload with the same key got there first
                    return byIdempotencyKey(c, s.requestedBy(), s.idempotencyKey())
                            .orElseThrow();
                }
            }
            return s.id();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record import " + s.id(), e);
        }
    }

    public Optional<Summary> summary(String importId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("select requested_by, state from lead_import where id = ?")) {
            select.setString(1, importId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Summary(importId, rs.getString(1), rs.getString(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read lead import " + importId, e);
        }
    }

    public Optional<String> byIdempotencyKey(String requestedBy, String key) {
        try (Connection c = dataSource.getConnection()) {
            return byIdempotencyKey(c, requestedBy, key);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read lead imports", e);
        }
    }

    private static Optional<String> byIdempotencyKey(Connection c, String requestedBy, String key) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("select id from lead_import where requested_by = ? and idempotency_key = ?")) {
            select.setString(1, requestedBy);
            select.setString(2, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Within the caller's transaction: the batch's leads, issues and counts. */
    public void recordBatch(String importId, List<MadeLead> leads, List<Issue> issues, Progress progress) {
        try (Connection c = dataSource.getConnection()) {
            int seq = next(c, "lead_import_lead", importId);
            if (!leads.isEmpty()) {
                try (PreparedStatement insert = c.prepareStatement("insert into lead_import_lead (import_id, seq,"
                        + " lead_id, email_key, name_key, row_number) values (?, ?, ?, ?, ?, ?)")) {
                    for (MadeLead lead : leads) {
                        insert.setString(1, importId);
                        insert.setInt(2, seq++);
                        insert.setString(3, lead.leadId());
                        insert.setString(4, lead.emailKey());
                        insert.setString(5, lead.nameKey());
                        insert.setObject(6, lead.rowNumber(), java.sql.Types.INTEGER);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            insertIssues(c, importId, issues);
            try (PreparedStatement update = c.prepareStatement("update lead_import set rows_read = rows_read + ?,"
                    + " rows_created = rows_created + ?, rows_skipped = rows_skipped + ?,"
                    + " rows_invalid = rows_invalid + ?, progress = greatest(progress, ?), lease_until = ?"
                    + " where id = ? and instance_id = ?")) {
                update.setInt(1, progress.read());
                update.setInt(2, progress.created());
                update.setInt(3, progress.skipped());
                update.setInt(4, progress.invalid());
                update.setDouble(5, progress.progress());
                update.setTimestamp(6, leaseEnd());
                update.setString(7, importId);
                update.setString(8, holder());
                if (update.executeUpdate() == 0) {
                    throw new LeaseLost(importId);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record a batch of import " + importId, e);
        }
    }

    /** Within the caller's transaction: leads removed and kept by a batch of a revert. */
    public void recordRevert(String importId, int reverted, List<Issue> kept, int throughSeq) {
        try (Connection c = dataSource.getConnection()) {
            insertIssues(c, importId, kept);
            try (PreparedStatement update = c.prepareStatement("update lead_import set leads_reverted ="
                    + " leads_reverted + ?, leads_kept = leads_kept + ?, revert_through_seq = greatest(revert_through_seq,"
                    + " ?), lease_until = ? where id = ? and instance_id = ?")) {
                update.setInt(1, reverted);
                update.setInt(2, kept.size());
                update.setInt(3, throughSeq);
                update.setTimestamp(4, leaseEnd());
                update.setString(5, importId);
                update.setString(6, holder());
                if (update.executeUpdate() == 0) {
                    throw new LeaseLost(importId);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record a batch of the revert of import " + importId, e);
        }
    }

    /** COMPLETED, FAILED (with the reason), REVERTING or REVERTED. */
    public void finish(String importId, String state, String failure) {
        String timeColumn = "REVERTED".equals(state) ? "reverted_at" : "finished_at";
        failure = TextRules.excerpt(failure, 1000);
        update(
                "update lead_import set state = ?, failure = coalesce(?, failure), " + timeColumn + " = ?"
                        + (state.startsWith("REVERT")
                                ? ""
                                : ", progress = case when ? = 'COMPLETED' then 1 else progress end")
                        + " where id = ?",
                state,
                failure,
                importId);
        if (!"REVERTING".equals(state)) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement delete = c.prepareStatement("delete from lead_import_file where import_id = ?")) {
                delete.setString(1, importId);
                delete.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot drop the kept file of import " + importId, e);
            }
        }
    }

    /** Moves an import from one state to another; false when it was not in {@code from}. */
    public boolean transition(String importId, List<String> from, String to) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update =
                        c.prepareStatement("update lead_import set state = ? where id = ? and state = any(?)")) {
            update.setString(1, to);
            update.setString(2, importId);
            update.setArray(3, c.createArrayOf("varchar", from.toArray()));
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot change import " + importId, e);
        }
    }

    /** Starts a revert on this instance, under its lease; false when the import was not COMPLETED or FAILED. */
    public boolean startRevert(String importId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("update lead_import set state = 'REVERTING',"
                        + " instance_id = ?, lease_until = ? where id = ? and state in ('COMPLETED', 'FAILED')")) {
            update.setString(1, holder());
            update.setTimestamp(2, leaseEnd());
            update.setString(3, importId);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot start the revert of import " + importId, e);
        }
    }

    /** Where the import's revert stands: its leads up to this seq were handled (-1: none). */
    public int revertThroughSeq(String importId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("select revert_through_seq from lead_import where id = ?")) {
            select.setString(1, importId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the revert of import " + importId, e);
        }
    }

    /** Keeps the uploaded file with the import until it ends, for whichever instance resumes it. */
    public void keepFile(String importId, java.nio.file.Path file) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert =
                        c.prepareStatement("insert into lead_import_file (import_id, content) values (?, ?)");
                java.io.InputStream content = java.nio.file.Files.newInputStream(file)) {
            insert.setString(1, importId);
            insert.setBinaryStream(2, content, java.nio.file.Files.size(file));
            insert.executeUpdate();
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("Cannot keep the file of import " + importId, e);
        }
    }

    /** The kept file of an import, copied to a temporary file; empty when none is kept (an import from before). */
    public Optional<java.nio.file.Path> keptFile(String importId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("select content from lead_import_file where import_id = ?")) {
            select.setString(1, importId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                java.nio.file.Path copy = java.nio.file.Files.createTempFile("lead-import-", ".resumed");
                try (java.io.InputStream content = rs.getBinaryStream(1)) {
                    java.nio.file.Files.copy(content, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                return Optional.of(copy);
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("Cannot read the file of import " + importId, e);
        }
    }

    /** The rows of the import created one by one (each with its row number), whatever their batch's end. */
    public java.util.Set<Integer> madeRows(String importId) {
        java.util.Set<Integer> rows = new java.util.HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "select row_number from lead_import_lead where import_id = ? and row_number is not null")) {
            select.setString(1, importId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getInt(1));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the rows of import " + importId, e);
        }
    }

    /** Renews the leases of what this instance runs; answers how many. */
    public int renewLeases() {
        return leases(leaseEnd());
    }

    /** At a clean stop: what this instance runs may be taken over at once. */
    public int releaseLeases() {
        return leases(Timestamp.from(Instant.now().minusSeconds(1)));
    }

    private int leases(Timestamp until) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("update lead_import set lease_until = ?"
                        + " where instance_id = ? and state in ('RUNNING', 'REVERTING')")) {
            update.setTimestamp(1, until);
            update.setString(2, holder());
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot renew the import leases", e);
        }
    }

    /**
     * Takes over the oldest import or revert whose lease lapsed (its instance died or stopped), if any: this instance
     * holds it from now on. Two instances looking at once take different ones (skip locked).
     */
    public Optional<TakenOver> takeOverLapsed() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "update lead_import set instance_id = ?,"
                                + " lease_until = ? where id = (select id from lead_import where state in ('RUNNING',"
                                + " 'REVERTING') and (lease_until is null or lease_until < ?) and instance_id <> ?"
                                + " order by created_at limit 1"
                                + " for update skip locked) returning id, state, requested_by, requested_by_manager, owner_id,"
                                + " format, duplicate_policy, lead_source, sheet, column_mapping, rows_read, revert_through_seq")) {
            update.setString(1, holder());
            update.setTimestamp(2, leaseEnd());
            update.setTimestamp(3, Timestamp.from(Instant.now()));
            // what this process runs is never taken over by itself, even if its lease lapsed on a busy machine
            update.setString(4, holder());
            try (ResultSet rs = update.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new TakenOver(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getBoolean(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getInt(11),
                        rs.getInt(12)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot look for imports to take over", e);
        }
    }

    private Timestamp leaseEnd() {
        return Timestamp.from(Instant.now().plus(settings.lease()));
    }

    /** The leads of the import after {@code afterSeq}, at most {@code limit}, in order: seq to lead id. */
    public Map<Integer, String> leads(String importId, int afterSeq, int limit) {
        Map<Integer, String> leads = new java.util.LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select seq, lead_id from lead_import_lead where"
                        + " import_id = ? and seq > ? order by seq limit ?")) {
            select.setString(1, importId);
            select.setInt(2, afterSeq);
            select.setInt(3, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    leads.put(rs.getInt(1), rs.getString(2));
                }
            }
            return leads;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the leads of import " + importId, e);
        }
    }

    /** Lead id to its number of events in the event store. */
    public Map<String, Long> eventCounts(List<String> leadIds) {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select aggregateidentifier, max(sequencenumber) + 1"
                        + " from domainevententry where aggregateidentifier = any(?) group by aggregateidentifier")) {
            select.setArray(1, c.createArrayOf("varchar", leadIds.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read lead versions", e);
        }
    }

    /** Whether the lead list (lead_view) shows the lead. */
    public boolean listed(String leadId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select 1 from lead_view where id = ?")) {
            select.setString(1, leadId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read lead " + leadId + " from the lead list", e);
        }
    }

    /** The payload type of the lead's last event. */
    public String lastEventType(String leadId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select payloadtype from domainevententry where"
                        + " aggregateidentifier = ? order by sequencenumber desc limit 1")) {
            select.setString(1, leadId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read lead " + leadId, e);
        }
    }

    /**
     * Existing leads that match any of the keys: live leads of the read model, and the leads this import made so far
     * (which the read model may not show yet). Answers key to lead id.
     */
    public Map<String, String> matches(String importId, List<String> emailKeys, List<String> nameKeys) {
        Map<String, String> found = new HashMap<>();
        if (emailKeys.isEmpty() && nameKeys.isEmpty()) {
            return found;
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement select = c.prepareStatement(
                    "select id, lower(email), " + DuplicateKeys.NAME_KEY_SQL
                            + " from lead_view where deleted = false and (lower(email) = any(?) or lower(last_name) = any(?))")) {
                select.setArray(1, c.createArrayOf("varchar", emailKeys.toArray()));
                select.setArray(
                        2,
                        c.createArrayOf(
                                "varchar",
                                nameKeys.stream().map(DuplicateKeys::lastNameOf).toArray()));
                collect(select, emailKeys, nameKeys, found);
            }
            try (PreparedStatement select = c.prepareStatement("select lead_id, email_key, name_key from"
                    + " lead_import_lead where import_id = ? and (email_key = any(?) or name_key = any(?))")) {
                select.setString(1, importId);
                select.setArray(2, c.createArrayOf("varchar", emailKeys.toArray()));
                select.setArray(3, c.createArrayOf("varchar", nameKeys.toArray()));
                collect(select, emailKeys, nameKeys, found);
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot look for duplicate leads", e);
        }
    }

    private static void collect(
            PreparedStatement select, List<String> emailKeys, List<String> nameKeys, Map<String, String> found)
            throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                String email = rs.getString(2);
                String name = rs.getString(3);
                if (email != null && emailKeys.contains(email)) {
                    found.putIfAbsent(email, id);
                }
                if (name != null && nameKeys.contains(name)) {
                    found.putIfAbsent(name, id);
                }
            }
        }
    }

    private static void insertIssues(Connection c, String importId, List<Issue> issues) throws SQLException {
        if (issues.isEmpty()) {
            return;
        }
        int seq = next(c, "lead_import_issue", importId);
        try (PreparedStatement insert = c.prepareStatement("insert into lead_import_issue (import_id, seq,"
                + " row_number, kind, field, reason, lead_id) values (?, ?, ?, ?, ?, ?, ?)")) {
            for (Issue issue : issues) {
                insert.setString(1, importId);
                insert.setInt(2, seq++);
                if (issue.rowNumber() == null) {
                    insert.setNull(3, java.sql.Types.INTEGER);
                } else {
                    insert.setInt(3, issue.rowNumber());
                }
                insert.setString(4, issue.kind());
                insert.setString(5, issue.field());
                insert.setString(6, issue.reason());
                insert.setString(7, issue.leadId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static int next(Connection c, String table, String importId) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("select coalesce(max(seq), -1) + 1 from " + table + " where import_id = ?")) {
            select.setString(1, importId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void update(String sql, String state, String failure, String importId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(sql)) {
            int i = 1;
            update.setString(i++, state);
            update.setString(i++, failure);
            update.setTimestamp(i++, Timestamp.from(Instant.now()));
            if (!state.startsWith("REVERT")) {
                update.setString(i++, state);
            }
            update.setString(i, importId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot change import " + importId, e);
        }
    }

    static List<String> distinct(List<String> values) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(values));
    }
}

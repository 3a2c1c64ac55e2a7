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
            long fileSize) {
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
    public record MadeLead(String leadId, String emailKey, String nameKey) {}

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
                    + " created_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?)"
                    + " on conflict (requested_by, idempotency_key) where idempotency_key is not null do nothing")) {
                insert.setString(1, s.id());
                insert.setString(2, s.requestedBy());
                insert.setString(3, s.ownerId());
                insert.setString(4, s.idempotencyKey());
                insert.setString(5, s.fileName());
                insert.setString(6, s.format());
                insert.setString(7, s.duplicatePolicy());
                insert.setString(8, s.leadSource());
                insert.setString(9, s.instanceId());
                insert.setLong(10, s.fileSize());
                insert.setTimestamp(11, Timestamp.from(Instant.now()));
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
                        + " lead_id, email_key, name_key) values (?, ?, ?, ?, ?)")) {
                    for (MadeLead lead : leads) {
                        insert.setString(1, importId);
                        insert.setInt(2, seq++);
                        insert.setString(3, lead.leadId());
                        insert.setString(4, lead.emailKey());
                        insert.setString(5, lead.nameKey());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            insertIssues(c, importId, issues);
            try (PreparedStatement update = c.prepareStatement("update lead_import set rows_read = rows_read + ?,"
                    + " rows_created = rows_created + ?, rows_skipped = rows_skipped + ?,"
                    + " rows_invalid = rows_invalid + ?, progress = greatest(progress, ?) where id = ?")) {
                update.setInt(1, progress.read());
                update.setInt(2, progress.created());
                update.setInt(3, progress.skipped());
                update.setInt(4, progress.invalid());
                update.setDouble(5, progress.progress());
                update.setString(6, importId);
                update.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record a batch of import " + importId, e);
        }
    }

    /** Within the caller's transaction: leads removed and kept by a batch of a revert. */
    public void recordRevert(String importId, int reverted, List<Issue> kept) {
        try (Connection c = dataSource.getConnection()) {
            insertIssues(c, importId, kept);
            try (PreparedStatement update = c.prepareStatement("update lead_import set leads_reverted ="
                    + " leads_reverted + ?, leads_kept = leads_kept + ? where id = ?")) {
                update.setInt(1, reverted);
                update.setInt(2, kept.size());
                update.setString(3, importId);
                update.executeUpdate();
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

    /** At startup: this instance's unfinished imports and reverts did not survive its stop. */
    public int failInterrupted(String instanceId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("update lead_import set state = case state when"
                        + " 'REVERTING' then 'COMPLETED' else 'FAILED' end, failure = 'interrupted: the service stopped"
                        + " during the ' || case state when 'REVERTING' then 'revert (revert again to finish it)' else"
                        + " 'import; the rows counted as read were imported' end, finished_at = coalesce(finished_at, ?)"
                        + " where instance_id = ? and state in ('RUNNING', 'REVERTING')")) {
            update.setTimestamp(1, Timestamp.from(Instant.now()));
            update.setString(2, instanceId);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot mark interrupted imports", e);
        }
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

package dev.crm.lead.importing;

import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDeleted;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadUpdated;
import dev.crm.platform.axon.AxonModule;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.ClientProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.Configurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;

/**
 * The duplicate keys of the leads ({@link DuplicateKeys}: e-mail; first name, last name and company) in
 * {@code lead_duplicate_key}, one row per key with a primary key on it: a key belongs to the first lead that had it.
 * Written in the transaction that appends the lead's events (a subscribing Axon processor: creation through the API or
 * an import, a change, a deletion by a revert), so that it never lags like {@code lead_view}. A SKIP import claims its
 * rows' keys with insert-on-conflict in the transaction that creates them: of two imports, or two instances, importing
 * the same person at once, the second waits for the first's commit and skips the row.
 */
@ApplicationScoped
@ProcessingGroup(LeadKeyIndex.PROCESSOR)
public class LeadKeyIndex implements AxonModule {

    static final String PROCESSOR = "lead-duplicate-keys";
    private static final String EMAIL = "e:";
    private static final String NAME = "n:";

    @Inject
    AgroalDataSource dataSource;

    @Override
    public void configure(Configurer configurer) {
        configurer
                .eventProcessing()
                .registerSubscribingEventProcessor(PROCESSOR)
                // the CDI client proxy would hide the handler annotations from Axon's inspection
                .registerEventHandler(c -> ClientProxy.unwrap(this))
                .assignHandlerInstancesMatching(PROCESSOR, handler -> handler instanceof LeadKeyIndex)
                // a key that cannot be written fails the command: the index never misses a lead
                .registerListenerInvocationErrorHandler(PROCESSOR, c -> PropagatingErrorHandler.instance());
    }

    /** A lead's keys, e-mail first. */
    static List<String> keysOf(LeadDetails details) {
        List<String> keys = new ArrayList<>(2);
        String email = DuplicateKeys.emailKey(details);
        if (email != null) {
            keys.add(EMAIL + email);
        }
        String name = DuplicateKeys.nameKey(details);
        if (name != null) {
            keys.add(NAME + name);
        }
        return keys;
    }

    /** Which field a key stands for, in an import's row issue. */
    static String fieldOf(String key) {
        return key.startsWith(EMAIL) ? "email" : "lastName";
    }

    @EventHandler
    void on(LeadCreated event) {
        claim(Map.of(event.leadId(), keysOf(event.details())), false);
    }

    /** The lead's keys follow its details: those it lost are freed, new ones claimed if free. */
    @EventHandler
    void on(LeadUpdated event) {
        List<String> keys = keysOf(event.details());
        run("delete from lead_duplicate_key where lead_id = ? and not (key = any(?))", (c, statement) -> {
            statement.setString(1, event.leadId());
            statement.setArray(2, c.createArrayOf("varchar", keys.toArray()));
            statement.executeUpdate();
        });
        claim(Map.of(event.leadId(), keys), false);
    }

    @EventHandler
    void on(LeadDeleted event) {
        run("delete from lead_duplicate_key where lead_id = ?", (c, statement) -> {
            statement.setString(1, event.leadId());
            statement.executeUpdate();
        });
    }

    /**
     * Claims the keys of leads (lead id to keys; no two of them share a key), inside the caller's transaction. Answers,
     * for each lead that could not have all its keys, the key it lost and the lead that holds it; with
     * {@code allOrNothing} (a row an import will skip) such a lead keeps none of its keys. A key held by a transaction
     * that has not committed yet is waited for.
     */
    public Map<String, Taken> claim(Map<String, List<String>> keysByLead, boolean allOrNothing) {
        List<String[]> rows = new ArrayList<>();
        keysByLead.forEach((lead, keys) -> keys.forEach(key -> rows.add(new String[] {key, lead})));
        Map<String, Taken> lost = new HashMap<>();
        if (rows.isEmpty()) {
            return lost;
        }
        // one order for every writer, so that two imports claiming the same keys cannot deadlock
        rows.sort(java.util.Comparator.comparing(row -> row[0]));
        Set<String> claimed = new LinkedHashSet<>();
        run(insert(rows.size()), (c, statement) -> {
            for (int i = 0; i < rows.size(); i++) {
                statement.setString(2 * i + 1, rows.get(i)[0]);
                statement.setString(2 * i + 2, rows.get(i)[1]);
            }
            try (ResultSet inserted = statement.executeQuery()) {
                while (inserted.next()) {
                    claimed.add(inserted.getString(1));
                }
            }
        });
        List<String> conflicting = rows.stream()
                .map(row -> row[0])
                .filter(key -> !claimed.contains(key))
                .toList();
        if (conflicting.isEmpty()) {
            return lost;
        }
        Map<String, String> holders = new HashMap<>();
        run("select key, lead_id from lead_duplicate_key where key = any(?)", (c, statement) -> {
            statement.setArray(1, c.createArrayOf("varchar", conflicting.toArray()));
            try (ResultSet held = statement.executeQuery()) {
                while (held.next()) {
                    holders.put(held.getString(1), held.getString(2));
                }
            }
        });
        keysByLead.forEach((lead, keys) -> keys.stream()
                .filter(key -> !claimed.contains(key) && !lead.equals(holders.get(key)))
                .findFirst()
                .ifPresent(key -> lost.put(lead, new Taken(key, holders.get(key)))));
        if (allOrNothing && !lost.isEmpty()) {
            run("delete from lead_duplicate_key where lead_id = any(?)", (c, statement) -> {
                statement.setArray(1, c.createArrayOf("varchar", lost.keySet().toArray()));
                statement.executeUpdate();
            });
        }
        return lost;
    }

    /** A key a lead could not claim, and the lead that holds it. */
    public record Taken(String key, String heldBy) {}

    private static String insert(int rows) {
        StringBuilder sql = new StringBuilder("insert into lead_duplicate_key (key, lead_id) values ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
        }
        return sql.append(" on conflict (key) do nothing returning key").toString();
    }

    @FunctionalInterface
    private interface Statement {
        void run(Connection connection, PreparedStatement statement) throws SQLException;
    }

    private void run(String sql, Statement body) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            body.run(connection, statement);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot keep the leads' duplicate keys", e);
        }
    }
}

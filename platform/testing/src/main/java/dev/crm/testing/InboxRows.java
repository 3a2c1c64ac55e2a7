package dev.crm.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** What a service's idempotent-consumer inbox recorded, read straight from its database. */
public final class InboxRows {

    /** How many rows the consumer group has for the event id: 1 once handled, however often it was delivered. */
    public static int count(DataSource dataSource, String group, String eventId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select count(*) from crm_inbox where consumer_group = ? and event_id = ?")) {
            query.setString(1, group);
            query.setString(2, eventId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the inbox of " + group, e);
        }
    }

    private InboxRows() {}
}

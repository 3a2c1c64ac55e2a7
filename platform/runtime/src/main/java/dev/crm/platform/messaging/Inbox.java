package dev.crm.platform.messaging;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The idempotent-consumer inbox. Must be called inside the JTA transaction that carries the event's effect. */
@ApplicationScoped
public class Inbox {

    @Inject
    AgroalDataSource dataSource;

    /** Records the event for the group; false when the group handled this event id before. */
    public boolean firstDelivery(String group, ConsumedEvent event) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     insert into crm_inbox (consumer_group, event_id, event_type, topic, partition_no, record_offset)
                     values (?, ?, ?, ?, ?, ?) on conflict do nothing""")) {
            insert.setString(1, group);
            insert.setString(2, event.id());
            insert.setString(3, event.type());
            insert.setString(4, event.topic());
            insert.setInt(5, event.partition());
            insert.setLong(6, event.offset());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record event " + event.id() + " in the inbox", e);
        }
    }
}

package dev.crm.platform.messaging;

import io.agroal.api.AgroalDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The idempotent-consumer inbox: the CloudEvents id of every handled record, per consumer group, written in the
 * transaction of the record's effect. The JDBC form joins a JTA transaction (reactions that send Axon commands); the
 * reactive form joins a Hibernate Reactive session's transaction (read models).
 */
@ApplicationScoped
public class Inbox {

    private static final String INSERT = """
            insert into crm_inbox (consumer_group, event_id, event_type, topic, partition_no, record_offset)
            values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing""";

    @Inject
    AgroalDataSource dataSource;

    /** Records the event for the group; false when the group handled this event id before. Inside a JTA transaction. */
    public boolean firstDelivery(String group, ConsumedEvent event) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT.replaceAll("\\?\\d", "?"))) {
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

    /**
     * The events the group has not handled before, in order, now recorded in the session's transaction: one statement
     * for the whole batch, which returns the ids it inserted (a copy of an event within the batch counts once).
     */
    public Uni<List<ConsumedEvent>> firstDeliveries(Mutiny.Session session, String group, List<ConsumedEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        StringBuilder sql = new StringBuilder("insert into crm_inbox (consumer_group, event_id, event_type, topic,"
                + " partition_no, record_offset) values ");
        for (int i = 0; i < events.size(); i++) {
            int p = i * 6;
            sql.append(i == 0 ? "" : ", ")
                    .append("(?")
                    .append(p + 1)
                    .append(", ?")
                    .append(p + 2)
                    .append(", ?")
                    .append(p + 3)
                    .append(", ?")
                    .append(p + 4)
                    .append(", ?")
                    .append(p + 5)
                    .append(", ?")
                    .append(p + 6)
                    .append(')');
        }
        sql.append(" on conflict do nothing returning event_id");
        Mutiny.SelectionQuery<String> insert = session.createNativeQuery(sql.toString(), String.class);
        for (int i = 0; i < events.size(); i++) {
            ConsumedEvent event = events.get(i);
            int p = i * 6;
            insert.setParameter(p + 1, group)
                    .setParameter(p + 2, event.id())
                    .setParameter(p + 3, event.type())
                    .setParameter(p + 4, event.topic())
                    .setParameter(p + 5, event.partition())
                    .setParameter(p + 6, event.offset());
        }
        return insert.getResultList().map(inserted -> {
            Set<String> fresh = new HashSet<>(inserted);
            List<ConsumedEvent> first = new ArrayList<>();
            for (ConsumedEvent event : events) {
                if (fresh.remove(event.id())) {
                    first.add(event);
                }
            }
            return first;
        });
    }
}

package dev.crm.platform.messaging;

import io.agroal.api.AgroalDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

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

    /** The events the group has not handled before, in order, now recorded in the session's transaction. */
    public Uni<List<ConsumedEvent>> firstDeliveries(Mutiny.Session session, String group, List<ConsumedEvent> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> session.createNativeQuery(INSERT)
                        .setParameter(1, group).setParameter(2, event.id()).setParameter(3, event.type())
                        .setParameter(4, event.topic()).setParameter(5, event.partition()).setParameter(6, event.offset())
                        .executeUpdate()
                        .map(inserted -> inserted == 1 ? event : null))
                .filter(java.util.Objects::nonNull)
                .collect().asList();
    }
}

package dev.crm.timeline.messaging;

import dev.crm.events.v1.activity.ActivityCreated;
import dev.crm.events.v1.lead.LeadDeleted;
import dev.crm.platform.axon.CommandSender;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.Reactions;
import dev.crm.timeline.domain.TimelineCommands.CancelActivityOfDeletedRecord;
import io.agroal.api.AgroalDataSource;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * No open activity about a deleted record, even when the activity is created while its record is being deleted (the
 * API refuses an activity about a record its replica shows deleted, but the replica may not know yet). This reaction
 * hears both sides, lead deletions and activity creations, and keeps what it heard in the inbox's transaction: which
 * records are deleted ({@code deletion_guard}) and which activities are about which record
 * ({@code deletion_guard_activity}). Each side first locks its record's guard row, so that a deletion and a creation
 * about one record are decided one after the other, whichever instance handles them: the later one sees the earlier
 * and cancels the activity ({@link CancelActivityOfDeletedRecord}; a closed activity stays as it is).
 */
@ApplicationScoped
public class DeletedRecordReaction {

    public static final String CHANNEL = "deleted-records";

    @Inject
    Reactions reactions;

    @Inject
    CommandGateway gateway;

    @Inject
    AgroalDataSource dataSource;

    @Incoming(CHANNEL)
    public Uni<Void> onLeadAndActivityEvents(KafkaRecordBatch<String, byte[]> batch) {
        return reactions.apply(CHANNEL, batch, Set.of(LeadDeleted.class, ActivityCreated.class), this::react);
    }

    private void react(ConsumedEvent event) throws SQLException {
        if (event.payload().orElseThrow() instanceof LeadDeleted deleted) {
            lockGuard(deleted.leadId(), true);
            for (String activity : activitiesAbout(deleted.leadId())) {
                CommandSender.send(
                        gateway, new CancelActivityOfDeletedRecord(activity), event.actor(), event.correlationId());
            }
        } else if (event.payload().orElseThrow() instanceof ActivityCreated created
                && created.details().regarding() != null) {
            String record = created.details().regarding().id();
            boolean recordDeleted = lockGuard(record, false);
            try (Connection c = dataSource.getConnection();
                    PreparedStatement insert = c.prepareStatement("insert into deletion_guard_activity (activity_id,"
                            + " record_id) values (?, ?) on conflict do nothing")) {
                insert.setString(1, created.activityId());
                insert.setString(2, record);
                insert.executeUpdate();
            }
            if (recordDeleted) {
                CommandSender.send(
                        gateway,
                        new CancelActivityOfDeletedRecord(created.activityId()),
                        event.actor(),
                        event.correlationId());
            }
        }
    }

    /** Locks the record's guard row (creating it), marking it deleted if {@code deleting}; whether it is deleted. */
    private boolean lockGuard(String record, boolean deleting) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement upsert = c.prepareStatement("insert into deletion_guard (record_id, deleted)"
                        + " values (?, ?) on conflict (record_id) do update set deleted = deletion_guard.deleted"
                        + " or excluded.deleted returning deleted")) {
            upsert.setString(1, record);
            upsert.setBoolean(2, deleting);
            try (ResultSet row = upsert.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    private List<String> activitiesAbout(String record) throws SQLException {
        List<String> activities = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("select activity_id from deletion_guard_activity where record_id = ?")) {
            select.setString(1, record);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    activities.add(rows.getString(1));
                }
            }
        }
        return activities;
    }
}

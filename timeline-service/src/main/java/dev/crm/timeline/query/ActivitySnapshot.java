package dev.crm.timeline.query;

import dev.crm.events.v1.activity.ActivityAssigned;
import dev.crm.events.v1.activity.ActivityCanceled;
import dev.crm.events.v1.activity.ActivityCompleted;
import dev.crm.events.v1.activity.ActivityCreated;
import dev.crm.events.v1.activity.ActivityDetails;
import dev.crm.events.v1.activity.ActivityEvent;
import dev.crm.events.v1.activity.ActivityState;
import dev.crm.events.v1.activity.ActivityStatusReason;
import dev.crm.events.v1.activity.ActivityType;
import dev.crm.events.v1.activity.ActivityUpdated;
import java.time.Instant;

/**
 * What a reader sees of an activity: a pure fold over its events, used by the read model and to answer one activity
 * from the event store. {@code closedAt}/{@code closedBy}: when and by whom it was completed or cancelled.
 */
public record ActivitySnapshot(
        String id,
        ActivityType type,
        String ownerId,
        ActivityDetails details,
        ActivityState state,
        ActivityStatusReason statusReason,
        Instant createdAt,
        String createdBy,
        Instant modifiedAt,
        String modifiedBy,
        Instant closedAt,
        String closedBy,
        long version) {

    public static ActivitySnapshot apply(
            ActivitySnapshot s, ActivityEvent event, Instant time, String user, long version) {
        if (event instanceof ActivityCreated e) {
            return new ActivitySnapshot(
                    e.activityId(),
                    e.type(),
                    e.ownerId(),
                    e.details(),
                    ActivityState.OPEN,
                    ActivityStatusReason.OPEN,
                    time,
                    user,
                    time,
                    user,
                    null,
                    null,
                    version);
        }
        if (s == null) {
            throw new IllegalStateException("activity " + event.activityId() + " changed before it was created");
        }
        if (event instanceof ActivityUpdated e) {
            return new ActivitySnapshot(
                    s.id,
                    s.type,
                    s.ownerId,
                    e.details(),
                    s.state,
                    s.statusReason,
                    s.createdAt,
                    s.createdBy,
                    time,
                    user,
                    null,
                    null,
                    version);
        }
        if (event instanceof ActivityCompleted e) {
            return new ActivitySnapshot(
                    s.id,
                    s.type,
                    s.ownerId,
                    s.details,
                    ActivityState.COMPLETED,
                    e.statusReason(),
                    s.createdAt,
                    s.createdBy,
                    time,
                    user,
                    time,
                    user,
                    version);
        }
        if (event instanceof ActivityCanceled) {
            return new ActivitySnapshot(
                    s.id,
                    s.type,
                    s.ownerId,
                    s.details,
                    ActivityState.CANCELED,
                    ActivityStatusReason.CANCELED,
                    s.createdAt,
                    s.createdBy,
                    time,
                    user,
                    time,
                    user,
                    version);
        }
        if (event instanceof ActivityAssigned e) {
            return new ActivitySnapshot(
                    s.id,
                    s.type,
                    e.ownerId(),
                    s.details,
                    s.state,
                    s.statusReason,
                    s.createdAt,
                    s.createdBy,
                    time,
                    user,
                    s.closedAt,
                    s.closedBy,
                    version);
        }
        return new ActivitySnapshot(
                s.id,
                s.type,
                s.ownerId,
                s.details,
                s.state,
                s.statusReason,
                s.createdAt,
                s.createdBy,
                time,
                user,
                s.closedAt,
                s.closedBy,
                version);
    }
}

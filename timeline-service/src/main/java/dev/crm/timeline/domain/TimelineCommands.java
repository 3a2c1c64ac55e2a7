package dev.crm.timeline.domain;

import dev.crm.events.v1.Regarding;
import dev.crm.events.v1.activity.ActivityDetails;
import dev.crm.events.v1.activity.ActivityStatusReason;
import dev.crm.events.v1.activity.ActivityType;
import dev.crm.platform.security.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of the Activity and Note aggregates. {@code expectedVersion} (from If-Match) is optional: null skips it. */
public final class TimelineCommands {

    /** {@code ownerId} null: the actor. */
    public record CreateActivity(
            String activityId, ActivityType type, String ownerId, ActivityDetails details, Actor actor) {}

    /** The full editable details after the change. */
    public record UpdateActivity(
            @TargetAggregateIdentifier String activityId, ActivityDetails details, Long expectedVersion, Actor actor) {}

    /** {@code statusReason} null: the type's usual one (a phone call MADE, an e-mail SENT, otherwise COMPLETED). */
    public record CompleteActivity(
            @TargetAggregateIdentifier String activityId,
            ActivityStatusReason statusReason,
            Long expectedVersion,
            Actor actor) {}

    public record CancelActivity(@TargetAggregateIdentifier String activityId, Long expectedVersion, Actor actor) {}

    /**
     * The record an activity is about was deleted: an open activity is canceled (a closed one stays as it is). Sent
     * by the system, not by a user: no owner rule applies.
     */
    public record CancelActivityOfDeletedRecord(
            @TargetAggregateIdentifier String activityId) {}

    public record AssignActivity(
            @TargetAggregateIdentifier String activityId, String ownerId, Long expectedVersion, Actor actor) {}

    public record CreateNote(String noteId, Regarding regarding, String title, String text, Actor actor) {}

    public record UpdateNote(
            @TargetAggregateIdentifier String noteId, String title, String text, Long expectedVersion, Actor actor) {}

    public record DeleteNote(@TargetAggregateIdentifier String noteId, Long expectedVersion, Actor actor) {}

    /** Dismisses one of the user's own notices; dismissing it again changes nothing. */
    public record DismissNotification(
            @TargetAggregateIdentifier String userId, String notificationId) {}

    private TimelineCommands() {}
}

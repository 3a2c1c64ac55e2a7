package dev.crm.timeline.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.crm.events.v1.activity.ActivityAssigned;
import dev.crm.events.v1.activity.ActivityCanceled;
import dev.crm.events.v1.activity.ActivityCompleted;
import dev.crm.events.v1.activity.ActivityCreated;
import dev.crm.events.v1.activity.ActivityDetails;
import dev.crm.events.v1.activity.ActivityState;
import dev.crm.events.v1.activity.ActivityStatusReason;
import dev.crm.events.v1.activity.ActivityType;
import dev.crm.events.v1.activity.ActivityUpdated;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.domain.DomainException.Kind;
import dev.crm.platform.domain.Records;
import dev.crm.platform.domain.Versions;
import dev.crm.platform.security.Actor;
import dev.crm.timeline.domain.TimelineCommands.AssignActivity;
import dev.crm.timeline.domain.TimelineCommands.CancelActivity;
import dev.crm.timeline.domain.TimelineCommands.CompleteActivity;
import dev.crm.timeline.domain.TimelineCommands.CreateActivity;
import dev.crm.timeline.domain.TimelineCommands.UpdateActivity;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * A phone call, task, e-mail or appointment about a lead, an opportunity, a contact or an account. Completing or
 * cancelling it is a change of state, never a deletion; a completed or cancelled activity is read-only. Only its owner
 * or a sales manager changes it.
 */
public class Activity {

    @AggregateIdentifier
    private String activityId;

    private ActivityType type;
    private String ownerId;
    private ActivityDetails details;
    private ActivityStatusReason statusReason;

    protected Activity() {
        // for Axon
    }

    @CommandHandler
    public Activity(CreateActivity command) {
        ActivityRules.check(command.type(), command.details());
        String owner = command.ownerId() == null ? command.actor().userId() : command.ownerId();
        if (!owner.equals(command.actor().userId())) {
            command.actor().requireManager("create an activity for another owner");
        }
        apply(new ActivityCreated(command.activityId(), command.type(), owner, command.details()));
    }

    @CommandHandler
    public void handle(UpdateActivity command) {
        requireChangeable(command.actor(), command.expectedVersion());
        ActivityRules.check(type, command.details());
        List<String> changed = Records.changedFields(details, command.details());
        if (!changed.isEmpty()) {
            apply(new ActivityUpdated(activityId, changed, command.details()));
        }
    }

    @CommandHandler
    public void handle(CompleteActivity command) {
        requireChangeable(command.actor(), command.expectedVersion());
        List<ActivityStatusReason> allowed = ActivityStatusReason.completing(type);
        ActivityStatusReason reason = command.statusReason() == null ? allowed.get(0) : command.statusReason();
        if (!allowed.contains(reason)) {
            throw DomainException.invalid("statusReason", "a " + type + " is completed as one of " + allowed);
        }
        apply(new ActivityCompleted(activityId, reason));
    }

    @CommandHandler
    public void handle(CancelActivity command) {
        requireChangeable(command.actor(), command.expectedVersion());
        apply(new ActivityCanceled(activityId));
    }

    @CommandHandler
    public void handle(AssignActivity command) {
        command.actor().requireManager("assign an activity");
        requireChangeable(command.actor(), command.expectedVersion());
        if (command.ownerId() == null || command.ownerId().isBlank()) {
            throw DomainException.invalid("ownerId", "must not be blank");
        }
        if (!command.ownerId().equals(ownerId)) {
            apply(new ActivityAssigned(activityId, ownerId, command.ownerId()));
        }
    }

    @CommandHandler
    public void handle(TimelineCommands.CancelActivityOfDeletedRecord command) {
        if (statusReason.state() == ActivityState.OPEN) {
            apply(new ActivityCanceled(activityId));
        }
    }

    private void requireChangeable(Actor actor, Long expectedVersion) {
        Versions.check(expectedVersion);
        actor.requireMayChange("activity", activityId, ownerId);
        if (statusReason.state() != ActivityState.OPEN) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "activity-read-only",
                    "Activity " + activityId + " is " + statusReason.state() + " (" + statusReason + ") and read-only",
                    Map.of("state", statusReason.state().name(), "statusReason", statusReason.name()));
        }
    }

    @EventSourcingHandler
    void on(ActivityCreated event) {
        activityId = event.activityId();
        type = event.type();
        ownerId = event.ownerId();
        details = event.details();
        statusReason = ActivityStatusReason.OPEN;
    }

    @EventSourcingHandler
    void on(ActivityUpdated event) {
        details = event.details();
    }

    @EventSourcingHandler
    void on(ActivityCompleted event) {
        statusReason = event.statusReason();
    }

    @EventSourcingHandler
    void on(ActivityCanceled event) {
        statusReason = ActivityStatusReason.CANCELED;
    }

    @EventSourcingHandler
    void on(ActivityAssigned event) {
        ownerId = event.ownerId();
    }
}

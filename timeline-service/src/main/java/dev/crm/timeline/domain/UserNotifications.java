package dev.crm.timeline.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.crm.events.v1.notification.NotificationDismissed;
import dev.crm.timeline.domain.TimelineCommands.DismissNotification;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * What one user did with their notifications: the notices they dismissed. Kept as events, so that rebuilding the
 * notifications from the topics never brings a dismissed notice back.
 */
public class UserNotifications {

    @AggregateIdentifier
    private String userId;

    private final Set<String> dismissed = new HashSet<>();

    public UserNotifications() {
        // for Axon; the aggregate is made by the user's first dismissal
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DismissNotification command) {
        if (!dismissed.contains(command.notificationId())) {
            apply(new NotificationDismissed(command.userId(), command.notificationId()));
        }
    }

    @EventSourcingHandler
    void on(NotificationDismissed event) {
        userId = event.userId();
        dismissed.add(event.notificationId());
    }
}

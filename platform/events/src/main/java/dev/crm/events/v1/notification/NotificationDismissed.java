package dev.crm.events.v1.notification;

import dev.crm.events.v1.CrmEvent;

/**
 * The user dismissed one of their notices. An event, so that a rebuild of the notifications from the topics keeps it
 * dismissed. Published on {@code crm.notification.v1} keyed by {@link #userId()}.
 */
public record NotificationDismissed(String userId, String notificationId) implements CrmEvent {

    @Override
    public String aggregateId() {
        return userId;
    }
}

package dev.crm.events.v1.activity;

import java.util.List;

/**
 * Why an activity is in its state. A completed phone call was MADE or RECEIVED, an e-mail SENT or RECEIVED, a task or
 * an appointment COMPLETED.
 */
public enum ActivityStatusReason {
    OPEN(ActivityState.OPEN),
    MADE(ActivityState.COMPLETED),
    RECEIVED(ActivityState.COMPLETED),
    SENT(ActivityState.COMPLETED),
    COMPLETED(ActivityState.COMPLETED),
    CANCELED(ActivityState.CANCELED);

    private final ActivityState state;

    ActivityStatusReason(ActivityState state) {
        this.state = state;
    }

    public ActivityState state() {
        return state;
    }

    /** The reasons that complete an activity of {@code type}, the default first. */
    public static List<ActivityStatusReason> completing(ActivityType type) {
        return switch (type) {
            case PHONE_CALL -> List.of(MADE, RECEIVED);
            case EMAIL -> List.of(SENT, RECEIVED);
            case TASK, APPOINTMENT -> List.of(COMPLETED);
        };
    }
}

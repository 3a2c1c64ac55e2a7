package dev.crm.events.v1.activity;

import dev.crm.events.v1.CrmEvent;

/** An event of the Activity aggregate, published on {@code crm.activity.v1} keyed by {@link #activityId()}. */
public interface ActivityEvent extends CrmEvent {
    String activityId();

    @Override
    default String aggregateId() {
        return activityId();
    }
}

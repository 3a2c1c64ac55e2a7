package dev.crm.events.v1;

/** A public domain event: every one belongs to exactly one aggregate, whose id keys its Kafka record. */
public interface CrmEvent {
    String aggregateId();
}

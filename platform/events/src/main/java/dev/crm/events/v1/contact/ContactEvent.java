package dev.crm.events.v1.contact;

import dev.crm.events.v1.CrmEvent;

/** An event of the Contact aggregate, published on {@code crm.contact.v1} keyed by {@link #contactId()}. */
public interface ContactEvent extends CrmEvent {
    String contactId();

    @Override
    default String aggregateId() {
        return contactId();
    }
}

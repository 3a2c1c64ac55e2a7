package dev.crm.events.v1.lead;

import dev.crm.events.v1.CrmEvent;

/** An event of the Lead aggregate, published on {@code crm.lead.v1} keyed by {@link #leadId()}. */
public interface LeadEvent extends CrmEvent {
    String leadId();

    @Override
    default String aggregateId() {
        return leadId();
    }
}

package dev.crm.events.v1.opportunity;

import dev.crm.events.v1.CrmEvent;

/** An event of the Opportunity aggregate, published on {@code crm.opportunity.v1} keyed by {@link #opportunityId()}. */
public interface OpportunityEvent extends CrmEvent {
    String opportunityId();

    @Override
    default String aggregateId() {
        return opportunityId();
    }
}

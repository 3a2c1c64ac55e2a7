package dev.crm.events.v1.opportunity;

import dev.crm.events.v1.Money;
import java.time.LocalDate;

/**
 * The opportunity was closed as lost ({@code statusReason} CANCELED or OUT_SOLD): probability 0, forecast category
 * LOST, read-only until reopened. {@code competitor} is who won it, {@code competitorId} set when it is one of the
 * opportunity's listed competitors. This event is the immutable close record.
 */
public record OpportunityLost(
        String opportunityId,
        OpportunityStatusReason statusReason,
        String competitor,
        String competitorId,
        Money actualRevenue,
        LocalDate closeDate,
        String description,
        String closedBy)
        implements OpportunityEvent {}

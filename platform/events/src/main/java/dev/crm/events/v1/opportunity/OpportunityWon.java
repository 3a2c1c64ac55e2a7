package dev.crm.events.v1.opportunity;

import dev.crm.events.v1.Money;
import java.time.LocalDate;

/**
 * The opportunity was closed as won: WON/WON, probability 100, forecast category WON, read-only until reopened. This
 * event is the immutable close record.
 */
public record OpportunityWon(
        String opportunityId, Money actualRevenue, LocalDate closeDate, String description, String closedBy)
        implements OpportunityEvent {}

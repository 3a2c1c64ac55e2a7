package dev.crm.events.v1.opportunity;

import java.util.List;

/** Step values of the sales process changed: {@code changedSteps} names them, {@code steps} is the whole state after. */
public record OpportunityStepsUpdated(String opportunityId, List<String> changedSteps, OpportunitySteps steps)
        implements OpportunityEvent {}

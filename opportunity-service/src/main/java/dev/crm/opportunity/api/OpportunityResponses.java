package dev.crm.opportunity.api;

import dev.crm.events.v1.Money;
import dev.crm.events.v1.PurchaseProcess;
import dev.crm.events.v1.PurchaseTimeframe;
import dev.crm.events.v1.Rating;
import dev.crm.events.v1.opportunity.ForecastCategory;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.events.v1.opportunity.OpportunityState;
import dev.crm.events.v1.opportunity.OpportunityStatusReason;
import dev.crm.events.v1.opportunity.SalesStage;
import dev.crm.opportunity.domain.SalesProcess;
import dev.crm.opportunity.query.OpportunitySnapshot;
import dev.crm.platform.query.Stakeholder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/** Response bodies of the opportunity API. */
public final class OpportunityResponses {

    /**
     * An opportunity as the API shows it: its fields, stage and state, and, while it is closed, the actual revenue
     * and close date of its close; {@code closeRecords} keeps every close, oldest first.
     */
    public record Opportunity(
            String id,
            String name,
            String accountId,
            String contactId,
            Money budgetAmount,
            PurchaseTimeframe purchaseTimeframe,
            PurchaseProcess purchaseProcess,
            String description,
            LocalDate estimatedCloseDate,
            Money estimatedRevenue,
            int probability,
            ForecastCategory forecastCategory,
            Rating rating,
            String customerNeed,
            String proposedSolution,
            SalesStage stage,
            boolean processFinished,
            OpportunityState state,
            OpportunityStatusReason statusReason,
            Money actualRevenue,
            LocalDate actualCloseDate,
            String ownerId,
            String originatingLeadId,
            List<Stakeholder> stakeholders,
            List<OpportunitySnapshot.Competitor> competitors,
            List<OpportunitySnapshot.Close> closeRecords,
            Instant createdAt,
            String createdBy,
            Instant modifiedAt,
            String modifiedBy,
            long version) {

        static Opportunity of(OpportunitySnapshot s) {
            OpportunityDetails d = s.details();
            OpportunitySnapshot.Close close = s.currentClose();
            return new Opportunity(
                    s.id(),
                    d.name(),
                    d.accountId(),
                    d.contactId(),
                    d.budgetAmount(),
                    d.purchaseTimeframe(),
                    d.purchaseProcess(),
                    d.description(),
                    d.estimatedCloseDate(),
                    d.estimatedRevenue(),
                    d.probability(),
                    d.forecastCategory(),
                    d.rating(),
                    d.customerNeed(),
                    d.proposedSolution(),
                    s.stage(),
                    s.processFinished(),
                    s.state(),
                    s.statusReason(),
                    close == null ? null : close.actualRevenue(),
                    close == null ? null : close.closeDate(),
                    s.ownerId(),
                    s.originatingLeadId(),
                    s.stakeholders(),
                    s.competitors(),
                    s.closes(),
                    s.createdAt(),
                    s.createdBy(),
                    s.modifiedAt(),
                    s.modifiedBy(),
                    s.version());
        }
    }

    /** The sales process of one opportunity: every stage in order, the active one, each step's value. */
    public record Process(
            String opportunityId,
            SalesStage activeStage,
            boolean finished,
            OpportunityState state,
            List<Stage> stages,
            long version) {

        static Process of(OpportunitySnapshot s) {
            List<Stage> stages = Arrays.stream(SalesStage.values())
                    .map(stage -> {
                        List<Step> steps = SalesProcess.stepsOf(stage).stream()
                                .map(step -> new Step(
                                        step.name(),
                                        step.label(),
                                        step.valueOf(s.details(), s.steps()),
                                        step.isCompleteFor(s.details(), s.steps()),
                                        step.field()))
                                .toList();
                        return new Stage(
                                stage, stage == s.stage(), steps.stream().allMatch(Step::complete), steps);
                    })
                    .toList();
            return new Process(s.id(), s.stage(), s.processFinished(), s.state(), stages, s.version());
        }
    }

    public record Stage(SalesStage stage, boolean active, boolean complete, List<Step> steps) {}

    /** {@code field}: the opportunity field the step reads, absent when the step holds its own value. */
    public record Step(String name, String label, Object value, boolean complete, String field) {}

    private OpportunityResponses() {}
}

package dev.crm.opportunity.domain;

import dev.crm.events.v1.opportunity.ForecastCategory;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.events.v1.opportunity.OpportunitySteps;
import dev.crm.events.v1.opportunity.SalesStage;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The Lead to Opportunity sales process: its stages in order, the steps of each, and the forecast each stage puts in
 * force. A step either reads a field of the opportunity (the customer, the estimates, the customer need...) or holds
 * a value of its own ({@link OpportunitySteps}); a yes/no step is complete when true, any other when it has a value.
 */
public final class SalesProcess {

    /** One step of a stage; {@code field}: the opportunity field it reads, null when the step holds its own value. */
    public record Step(
            String name,
            String label,
            SalesStage stage,
            String field,
            BiFunction<OpportunityDetails, OpportunitySteps, Object> value) {

        public Object valueOf(OpportunityDetails details, OpportunitySteps steps) {
            return value.apply(details, steps == null ? OpportunitySteps.NONE : steps);
        }

        public boolean isCompleteFor(OpportunityDetails details, OpportunitySteps steps) {
            return complete(valueOf(details, steps));
        }
    }

    /** The default chance of winning at a stage, and the forecast category it counts in. */
    public record Forecast(int probability, ForecastCategory category) {}

    public static final List<Step> STEPS = List.of(
            new Step("identifyContact", "Identify contact", SalesStage.QUALIFY, "contactId", (d, s) -> d.contactId()),
            new Step("identifyAccount", "Identify account", SalesStage.QUALIFY, "accountId", (d, s) -> d.accountId()),
            new Step(
                    "purchaseTimeframe",
                    "Purchase timeframe",
                    SalesStage.QUALIFY,
                    "purchaseTimeframe",
                    (d, s) -> d.purchaseTimeframe()),
            new Step(
                    "estimatedBudget",
                    "Estimated budget",
                    SalesStage.QUALIFY,
                    "budgetAmount",
                    (d, s) -> d.budgetAmount()),
            new Step(
                    "purchaseProcess",
                    "Purchase process",
                    SalesStage.QUALIFY,
                    "purchaseProcess",
                    (d, s) -> d.purchaseProcess()),
            new Step(
                    "identifyDecisionMaker",
                    "Identify decision maker",
                    SalesStage.QUALIFY,
                    null,
                    (d, s) -> s.identifyDecisionMaker()),
            new Step("captureSummary", "Capture summary", SalesStage.QUALIFY, null, (d, s) -> s.captureSummary()),
            new Step("customerNeed", "Customer need", SalesStage.DEVELOP, "customerNeed", (d, s) -> d.customerNeed()),
            new Step(
                    "proposedSolution",
                    "Proposed solution",
                    SalesStage.DEVELOP,
                    "proposedSolution",
                    (d, s) -> d.proposedSolution()),
            new Step(
                    "identifyStakeholders",
                    "Identify stakeholders",
                    SalesStage.DEVELOP,
                    null,
                    (d, s) -> s.identifyStakeholders()),
            new Step(
                    "identifyCompetitors",
                    "Identify competitors",
                    SalesStage.DEVELOP,
                    null,
                    (d, s) -> s.identifyCompetitors()),
            new Step(
                    "identifySalesTeam",
                    "Identify sales team",
                    SalesStage.PROPOSE,
                    null,
                    (d, s) -> s.identifySalesTeam()),
            new Step("developProposal", "Develop proposal", SalesStage.PROPOSE, null, (d, s) -> s.developProposal()),
            new Step(
                    "completeInternalReview",
                    "Complete internal review",
                    SalesStage.PROPOSE,
                    null,
                    (d, s) -> s.completeInternalReview()),
            new Step("presentProposal", "Present proposal", SalesStage.PROPOSE, null, (d, s) -> s.presentProposal()),
            new Step(
                    "completeFinalProposal",
                    "Complete final proposal",
                    SalesStage.CLOSE,
                    null,
                    (d, s) -> s.completeFinalProposal()),
            new Step(
                    "presentFinalProposal",
                    "Present final proposal",
                    SalesStage.CLOSE,
                    null,
                    (d, s) -> s.presentFinalProposal()),
            new Step(
                    "confirmDecisionDate",
                    "Confirm decision date",
                    SalesStage.CLOSE,
                    null,
                    (d, s) -> s.confirmDecisionDate()),
            new Step("sendThankYouNote", "Send thank-you note", SalesStage.CLOSE, null, (d, s) -> s.sendThankYouNote()),
            new Step("fileDebrief", "File debrief", SalesStage.CLOSE, null, (d, s) -> s.fileDebrief()));

    public static final Forecast WON = new Forecast(100, ForecastCategory.WON);
    public static final Forecast LOST = new Forecast(0, ForecastCategory.LOST);

    /** What a stage change puts in force (as Salesforce does: moving stage resets an earlier override). */
    public static Forecast forecastAt(SalesStage stage) {
        return switch (stage) {
            case QUALIFY -> new Forecast(10, ForecastCategory.PIPELINE);
            case DEVELOP -> new Forecast(40, ForecastCategory.PIPELINE);
            case PROPOSE -> new Forecast(60, ForecastCategory.BEST_CASE);
            case CLOSE -> new Forecast(80, ForecastCategory.COMMITTED);
        };
    }

    public static List<Step> stepsOf(SalesStage stage) {
        return STEPS.stream().filter(step -> step.stage() == stage).toList();
    }

    static boolean complete(Object value) {
        if (value instanceof Boolean yes) {
            return yes;
        }
        return value instanceof String text ? !text.isBlank() : value != null;
    }

    private SalesProcess() {}
}

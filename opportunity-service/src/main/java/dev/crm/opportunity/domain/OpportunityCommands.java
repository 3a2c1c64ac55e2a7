package dev.crm.opportunity.domain;

import dev.crm.events.v1.ConnectionRole;
import dev.crm.events.v1.Money;
import dev.crm.events.v1.opportunity.OpportunityCreated;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.events.v1.opportunity.OpportunityStatusReason;
import dev.crm.events.v1.opportunity.OpportunitySteps;
import dev.crm.platform.security.Actor;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands of the Opportunity aggregate. {@code expectedVersion} (from If-Match) is optional: null skips the
 * check. Dates that default to "today" get today from the caller, so that the aggregate stays deterministic.
 */
public final class OpportunityCommands {

    /**
     * {@code originatingLeadId} null: created directly, so it needs a customer. Null probability or forecast category
     * take the first stage's defaults.
     */
    public record CreateOpportunity(
            String opportunityId,
            String ownerId,
            OpportunityDetails details,
            OpportunitySteps steps,
            String originatingLeadId,
            List<OpportunityCreated.Stakeholder> stakeholders,
            Actor actor) {}

    /** The full editable details after the change. */
    public record UpdateOpportunity(
            @TargetAggregateIdentifier String opportunityId,
            OpportunityDetails details,
            Long expectedVersion,
            Actor actor) {}

    /** A change of step values: the steps that read opportunity fields change {@code details}, the others {@code steps}. */
    public record UpdateOpportunitySteps(
            @TargetAggregateIdentifier String opportunityId,
            OpportunityDetails details,
            OpportunitySteps steps,
            Long expectedVersion,
            Actor actor) {}

    public record AdvanceStage(@TargetAggregateIdentifier String opportunityId, Long expectedVersion, Actor actor) {}

    public record MoveStageBack(@TargetAggregateIdentifier String opportunityId, Long expectedVersion, Actor actor) {}

    public record FinishProcess(@TargetAggregateIdentifier String opportunityId, Long expectedVersion, Actor actor) {}

    /** {@code actualRevenue} null: the estimated revenue; {@code closeDate} null: {@code today}. */
    public record WinOpportunity(
            @TargetAggregateIdentifier String opportunityId,
            Money actualRevenue,
            LocalDate closeDate,
            String description,
            LocalDate today,
            Long expectedVersion,
            Actor actor) {}

    /** {@code statusReason} null: CANCELED; {@code closeDate} null: {@code today}. */
    public record LoseOpportunity(
            @TargetAggregateIdentifier String opportunityId,
            OpportunityStatusReason statusReason,
            String competitor,
            Money actualRevenue,
            LocalDate closeDate,
            String description,
            LocalDate today,
            Long expectedVersion,
            Actor actor) {}

    public record ReopenOpportunity(
            @TargetAggregateIdentifier String opportunityId, Long expectedVersion, Actor actor) {}

    public record ChangeOpportunityStatusReason(
            @TargetAggregateIdentifier String opportunityId,
            OpportunityStatusReason statusReason,
            Long expectedVersion,
            Actor actor) {}

    public record AssignOpportunity(
            @TargetAggregateIdentifier String opportunityId, String ownerId, Long expectedVersion, Actor actor) {}

    public record AddOpportunityStakeholder(
            @TargetAggregateIdentifier String opportunityId,
            String contactId,
            ConnectionRole role,
            Long expectedVersion,
            Actor actor) {}

    public record ChangeOpportunityStakeholderRole(
            @TargetAggregateIdentifier String opportunityId,
            String contactId,
            ConnectionRole role,
            Long expectedVersion,
            Actor actor) {}

    public record RemoveOpportunityStakeholder(
            @TargetAggregateIdentifier String opportunityId, String contactId, Long expectedVersion, Actor actor) {}

    /** {@code competitorId} is chosen by the caller, so that a retried command names the same competitor. */
    public record AddCompetitor(
            @TargetAggregateIdentifier String opportunityId,
            String competitorId,
            String name,
            String website,
            String strengths,
            String weaknesses,
            Long expectedVersion,
            Actor actor) {}

    public record RemoveCompetitor(
            @TargetAggregateIdentifier String opportunityId, String competitorId, Long expectedVersion, Actor actor) {}

    private OpportunityCommands() {}
}

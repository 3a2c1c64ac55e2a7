package dev.crm.opportunity.domain;

import static dev.crm.opportunity.domain.OpportunityRules.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.crm.events.v1.ConnectionRole;
import dev.crm.events.v1.Money;
import dev.crm.events.v1.opportunity.OpportunityAssigned;
import dev.crm.events.v1.opportunity.OpportunityCompetitorAdded;
import dev.crm.events.v1.opportunity.OpportunityCompetitorRemoved;
import dev.crm.events.v1.opportunity.OpportunityCreated;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.events.v1.opportunity.OpportunityLost;
import dev.crm.events.v1.opportunity.OpportunityProcessFinished;
import dev.crm.events.v1.opportunity.OpportunityReopened;
import dev.crm.events.v1.opportunity.OpportunityStageAdvanced;
import dev.crm.events.v1.opportunity.OpportunityStageMovedBack;
import dev.crm.events.v1.opportunity.OpportunityStakeholderAdded;
import dev.crm.events.v1.opportunity.OpportunityStakeholderRemoved;
import dev.crm.events.v1.opportunity.OpportunityStakeholderRoleChanged;
import dev.crm.events.v1.opportunity.OpportunityState;
import dev.crm.events.v1.opportunity.OpportunityStatusReason;
import dev.crm.events.v1.opportunity.OpportunityStatusReasonChanged;
import dev.crm.events.v1.opportunity.OpportunitySteps;
import dev.crm.events.v1.opportunity.OpportunityStepsUpdated;
import dev.crm.events.v1.opportunity.OpportunityUpdated;
import dev.crm.events.v1.opportunity.OpportunityWon;
import dev.crm.events.v1.opportunity.SalesStage;
import dev.crm.opportunity.domain.OpportunityCommands.AddCompetitor;
import dev.crm.opportunity.domain.OpportunityCommands.AddOpportunityStakeholder;
import dev.crm.opportunity.domain.OpportunityCommands.AdvanceStage;
import dev.crm.opportunity.domain.OpportunityCommands.AssignOpportunity;
import dev.crm.opportunity.domain.OpportunityCommands.ChangeOpportunityStakeholderRole;
import dev.crm.opportunity.domain.OpportunityCommands.ChangeOpportunityStatusReason;
import dev.crm.opportunity.domain.OpportunityCommands.CreateOpportunity;
import dev.crm.opportunity.domain.OpportunityCommands.FinishProcess;
import dev.crm.opportunity.domain.OpportunityCommands.LoseOpportunity;
import dev.crm.opportunity.domain.OpportunityCommands.MoveStageBack;
import dev.crm.opportunity.domain.OpportunityCommands.RemoveCompetitor;
import dev.crm.opportunity.domain.OpportunityCommands.RemoveOpportunityStakeholder;
import dev.crm.opportunity.domain.OpportunityCommands.ReopenOpportunity;
import dev.crm.opportunity.domain.OpportunityCommands.UpdateOpportunity;
import dev.crm.opportunity.domain.OpportunityCommands.UpdateOpportunitySteps;
import dev.crm.opportunity.domain.OpportunityCommands.WinOpportunity;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.domain.DomainException.Kind;
import dev.crm.platform.domain.Names;
import dev.crm.platform.domain.Records;
import dev.crm.platform.domain.Versions;
import dev.crm.platform.security.Actor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * An opportunity: a deal worked through the sales stages and closed as won or lost. Won and lost opportunities are
 * read-only: every change but reopening is refused. Each close is recorded by its own immutable event.
 */
public class Opportunity {

    @AggregateIdentifier
    private String opportunityId;

    private String ownerId;
    private String originatingLeadId;
    private OpportunityDetails details;
    private OpportunitySteps steps;
    private SalesStage stage;
    private boolean processFinished;
    private OpportunityStatusReason statusReason;
    private final Map<String, ConnectionRole> stakeholders = new LinkedHashMap<>();
    /** competitor id to its name's normal form */
    private final Map<String, String> competitors = new LinkedHashMap<>();

    protected Opportunity() {
        // for Axon
    }

    @CommandHandler
    public Opportunity(CreateOpportunity command) {
        OpportunityRules.check(command.details());
        if (command.originatingLeadId() == null && !OpportunityRules.hasCustomer(command.details())) {
            // one made from a lead takes whatever customer the qualification gave it, possibly none
            throw new DomainException(
                    Kind.INVALID,
                    "customer-required",
                    "An opportunity needs a customer: accountId and/or contactId",
                    Map.of("errors", List.of(Map.of("field", "accountId", "reason", "or contactId must be given"))));
        }
        String owner = command.ownerId() == null ? command.actor().userId() : command.ownerId();
        if (!owner.equals(command.actor().userId())) {
            command.actor().requireManager("create an opportunity for another owner");
        }
        SalesProcess.Forecast first = SalesProcess.forecastAt(SalesStage.QUALIFY);
        OpportunityDetails d = command.details();
        OpportunityDetails withForecast = d.toBuilder()
                .probability(d.probability() == null ? first.probability() : d.probability())
                .forecastCategory(d.forecastCategory() == null ? first.category() : d.forecastCategory())
                .build();
        List<OpportunityCreated.Stakeholder> connections =
                command.stakeholders() == null ? List.of() : List.copyOf(command.stakeholders());
        apply(new OpportunityCreated(
                command.opportunityId(),
                owner,
                withForecast,
                command.steps() == null ? OpportunitySteps.NONE : command.steps(),
                SalesStage.QUALIFY,
                command.originatingLeadId(),
                connections));
    }

    @CommandHandler
    public void handle(UpdateOpportunity command) {
        requireChangeable(command.actor(), command.expectedVersion());
        changeDetails(command.details());
    }

    @CommandHandler
    public void handle(UpdateOpportunitySteps command) {
        requireChangeable(command.actor(), command.expectedVersion());
        changeDetails(command.details());
        OpportunitySteps next = command.steps() == null ? OpportunitySteps.NONE : command.steps();
        OpportunityRules.check(next);
        List<String> changed = Records.changedFields(steps, next);
        if (!changed.isEmpty()) {
            apply(new OpportunityStepsUpdated(opportunityId, changed, next));
        }
    }

    private void changeDetails(OpportunityDetails next) {
        OpportunityRules.check(next);
        require(next.probability(), "probability");
        require(next.forecastCategory(), "forecastCategory");
        if (OpportunityRules.hasCustomer(details) && !OpportunityRules.hasCustomer(next)) {
            throw new DomainException(
                    Kind.INVALID,
                    "customer-required",
                    "The opportunity's customer cannot be removed: keep accountId or contactId",
                    Map.of("errors", List.of(Map.of("field", "accountId", "reason", "or contactId must stay"))));
        }
        List<String> changed = Records.changedFields(details, next);
        if (!changed.isEmpty()) {
            apply(new OpportunityUpdated(opportunityId, changed, next));
        }
    }

    @CommandHandler
    public void handle(AdvanceStage command) {
        requireChangeable(command.actor(), command.expectedVersion());
        if (processFinished) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "process-finished",
                    "The sales process of opportunity " + opportunityId
                            + " is finished; move back a stage to resume it");
        }
        SalesStage next = stage.next();
        if (next == null) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "last-stage",
                    "Opportunity " + opportunityId + " is at the last stage (" + stage
                            + "); finish the process instead");
        }
        SalesProcess.Forecast forecast = SalesProcess.forecastAt(next);
        apply(new OpportunityStageAdvanced(opportunityId, stage, next, forecast.probability(), forecast.category()));
    }

    @CommandHandler
    public void handle(MoveStageBack command) {
        requireChangeable(command.actor(), command.expectedVersion());
        SalesStage previous = stage.previous();
        if (previous == null) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "first-stage",
                    "Opportunity " + opportunityId + " is at the first stage (" + stage + ")");
        }
        SalesProcess.Forecast forecast = SalesProcess.forecastAt(previous);
        apply(new OpportunityStageMovedBack(
                opportunityId, stage, previous, forecast.probability(), forecast.category()));
    }

    @CommandHandler
    public void handle(FinishProcess command) {
        requireChangeable(command.actor(), command.expectedVersion());
        if (stage.next() != null) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "not-at-last-stage",
                    "The sales process finishes at its last stage (" + SalesStage.CLOSE + "); opportunity "
                            + opportunityId + " is at " + stage,
                    Map.of("stage", stage.name()));
        }
        if (processFinished) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "process-finished",
                    "The sales process of opportunity " + opportunityId + " is already finished");
        }
        apply(new OpportunityProcessFinished(opportunityId, stage));
    }

    @CommandHandler
    public void handle(WinOpportunity command) {
        requireChangeable(command.actor(), command.expectedVersion());
        Money revenue = command.actualRevenue() != null ? command.actualRevenue() : details.estimatedRevenue();
        apply(new OpportunityWon(
                opportunityId,
                revenue,
                closeDate(command.closeDate(), command.today()),
                command.description(),
                command.actor().userId()));
    }

    @CommandHandler
    public void handle(LoseOpportunity command) {
        requireChangeable(command.actor(), command.expectedVersion());
        OpportunityStatusReason reason =
                command.statusReason() == null ? OpportunityStatusReason.CANCELED : command.statusReason();
        if (reason.state() != OpportunityState.LOST) {
            throw DomainException.invalid("statusReason", "must be one of CANCELED, OUT_SOLD");
        }
        String competitor = command.competitor() == null || command.competitor().isBlank()
                ? null
                : OpportunityRules.required(
                        "competitor", command.competitor().strip(), OpportunityRules.COMPETITOR_NAME_MAX);
        String competitorId = competitor == null ? null : competitorNamed(competitor);
        apply(new OpportunityLost(
                opportunityId,
                reason,
                competitor,
                competitorId,
                command.actualRevenue(),
                closeDate(command.closeDate(), command.today()),
                command.description(),
                command.actor().userId()));
    }

    private static java.time.LocalDate closeDate(java.time.LocalDate given, java.time.LocalDate today) {
        return given != null ? given : require(today, "today");
    }

    @CommandHandler
    public void handle(ReopenOpportunity command) {
        Versions.check(command.expectedVersion());
        command.actor().requireMayChange("opportunity", opportunityId, ownerId);
        if (state() == OpportunityState.OPEN) {
            throw new DomainException(
                    Kind.CONFLICT, "opportunity-already-open", "Opportunity " + opportunityId + " is already open");
        }
        SalesProcess.Forecast forecast = SalesProcess.forecastAt(stage);
        apply(new OpportunityReopened(
                opportunityId, state(), stage, forecast.probability(), forecast.category(), originatingLeadId));
    }

    @CommandHandler
    public void handle(ChangeOpportunityStatusReason command) {
        requireChangeable(command.actor(), command.expectedVersion());
        OpportunityStatusReason reason = require(command.statusReason(), "statusReason");
        if (reason.state() != OpportunityState.OPEN) {
            throw DomainException.invalid(
                    "statusReason", "must be IN_PROGRESS or ON_HOLD; an opportunity is closed with /win or /lose");
        }
        if (reason != statusReason) {
            apply(new OpportunityStatusReasonChanged(opportunityId, statusReason, reason));
        }
    }

    @CommandHandler
    public void handle(AssignOpportunity command) {
        command.actor().requireManager("assign an opportunity");
        requireChangeable(command.actor(), command.expectedVersion());
        String newOwner = require(command.ownerId(), "ownerId");
        if (!newOwner.equals(ownerId)) {
            apply(new OpportunityAssigned(opportunityId, ownerId, newOwner));
        }
    }

    @CommandHandler
    public void handle(AddOpportunityStakeholder command) {
        requireChangeable(command.actor(), command.expectedVersion());
        String contactId = require(command.contactId(), "contactId");
        if (stakeholders.containsKey(contactId)) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "stakeholder-exists",
                    "Contact " + contactId + " is already a stakeholder of opportunity " + opportunityId
                            + "; change its role instead");
        }
        apply(new OpportunityStakeholderAdded(
                opportunityId, contactId, command.role() == null ? ConnectionRole.STAKEHOLDER : command.role()));
    }

    @CommandHandler
    public void handle(ChangeOpportunityStakeholderRole command) {
        requireChangeable(command.actor(), command.expectedVersion());
        ConnectionRole current = requireStakeholder(command.contactId());
        ConnectionRole role = require(command.role(), "role");
        if (current != role) {
            apply(new OpportunityStakeholderRoleChanged(opportunityId, command.contactId(), current, role));
        }
    }

    @CommandHandler
    public void handle(RemoveOpportunityStakeholder command) {
        requireChangeable(command.actor(), command.expectedVersion());
        requireStakeholder(command.contactId());
        apply(new OpportunityStakeholderRemoved(opportunityId, command.contactId()));
    }

    @CommandHandler
    public void handle(AddCompetitor command) {
        requireChangeable(command.actor(), command.expectedVersion());
        String name = OpportunityRules.required("name", command.name(), OpportunityRules.COMPETITOR_NAME_MAX)
                .strip();
        String existing = competitorNamed(name);
        if (existing != null) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "competitor-exists",
                    "Competitor '" + name + "' is already listed for opportunity " + opportunityId,
                    Map.of("competitorId", existing));
        }
        apply(new OpportunityCompetitorAdded(
                opportunityId,
                require(command.competitorId(), "competitorId"),
                name,
                command.website(),
                command.strengths(),
                command.weaknesses()));
    }

    @CommandHandler
    public void handle(RemoveCompetitor command) {
        requireChangeable(command.actor(), command.expectedVersion());
        if (!competitors.containsKey(command.competitorId())) {
            throw new DomainException(
                    Kind.NOT_FOUND,
                    "competitor-not-found",
                    "Competitor " + command.competitorId() + " is not listed for opportunity " + opportunityId);
        }
        apply(new OpportunityCompetitorRemoved(opportunityId, command.competitorId()));
    }

    private void requireChangeable(Actor actor, Long expectedVersion) {
        Versions.check(expectedVersion);
        actor.requireMayChange("opportunity", opportunityId, ownerId);
        if (state() != OpportunityState.OPEN) {
            throw new DomainException(
                    Kind.CONFLICT,
                    "opportunity-read-only",
                    "Opportunity " + opportunityId + " is " + state() + " (" + statusReason
                            + ") and read-only; reopen it first",
                    Map.of("state", state().name(), "statusReason", statusReason.name()));
        }
    }

    private ConnectionRole requireStakeholder(String contactId) {
        ConnectionRole role = stakeholders.get(contactId);
        if (role == null) {
            throw new DomainException(
                    Kind.NOT_FOUND,
                    "stakeholder-not-found",
                    "Contact " + contactId + " is not a stakeholder of opportunity " + opportunityId);
        }
        return role;
    }

    /** The listed competitor with this name (any case, accents, punctuation or legal form), or null. */
    private String competitorNamed(String name) {
        String key = Names.companyKey(name);
        return competitors.entrySet().stream()
                .filter(e -> e.getValue().equals(key))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private OpportunityState state() {
        return statusReason.state();
    }

    @EventSourcingHandler
    void on(OpportunityCreated event) {
        opportunityId = event.opportunityId();
        ownerId = event.ownerId();
        originatingLeadId = event.originatingLeadId();
        details = event.details();
        steps = event.steps();
        stage = event.stage();
        statusReason = OpportunityStatusReason.IN_PROGRESS;
        event.stakeholders().forEach(s -> stakeholders.put(s.contactId(), s.role()));
    }

    @EventSourcingHandler
    void on(OpportunityUpdated event) {
        details = event.details();
    }

    @EventSourcingHandler
    void on(OpportunityStepsUpdated event) {
        steps = event.steps();
    }

    @EventSourcingHandler
    void on(OpportunityStageAdvanced event) {
        stage = event.to();
        details = details.withForecast(event.probability(), event.forecastCategory());
    }

    @EventSourcingHandler
    void on(OpportunityStageMovedBack event) {
        stage = event.to();
        processFinished = false;
        details = details.withForecast(event.probability(), event.forecastCategory());
    }

    @EventSourcingHandler
    void on(OpportunityProcessFinished event) {
        processFinished = true;
    }

    @EventSourcingHandler
    void on(OpportunityWon event) {
        statusReason = OpportunityStatusReason.WON;
        details = details.withForecast(SalesProcess.WON.probability(), SalesProcess.WON.category());
    }

    @EventSourcingHandler
    void on(OpportunityLost event) {
        statusReason = event.statusReason();
        details = details.withForecast(SalesProcess.LOST.probability(), SalesProcess.LOST.category());
    }

    @EventSourcingHandler
    void on(OpportunityReopened event) {
        statusReason = OpportunityStatusReason.IN_PROGRESS;
        details = details.withForecast(event.probability(), event.forecastCategory());
    }

    @EventSourcingHandler
    void on(OpportunityStatusReasonChanged event) {
        statusReason = event.statusReason();
    }

    @EventSourcingHandler
    void on(OpportunityAssigned event) {
        ownerId = event.ownerId();
    }

    @EventSourcingHandler
    void on(OpportunityStakeholderAdded event) {
        stakeholders.put(event.contactId(), event.role());
    }

    @EventSourcingHandler
    void on(OpportunityStakeholderRoleChanged event) {
        stakeholders.put(event.contactId(), event.role());
    }

    @EventSourcingHandler
    void on(OpportunityStakeholderRemoved event) {
        stakeholders.remove(event.contactId());
    }

    @EventSourcingHandler
    void on(OpportunityCompetitorAdded event) {
        competitors.put(event.competitorId(), Names.companyKey(event.name()));
    }

    @EventSourcingHandler
    void on(OpportunityCompetitorRemoved event) {
        competitors.remove(event.competitorId());
    }
}

package dev.crm.opportunity.query;

import dev.crm.events.v1.Money;
import dev.crm.events.v1.opportunity.OpportunityAssigned;
import dev.crm.events.v1.opportunity.OpportunityCompetitorAdded;
import dev.crm.events.v1.opportunity.OpportunityCompetitorRemoved;
import dev.crm.events.v1.opportunity.OpportunityCreated;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.events.v1.opportunity.OpportunityEvent;
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
import dev.crm.opportunity.domain.SalesProcess;
import dev.crm.platform.query.Stakeholder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reader sees of an opportunity. {@link #apply} is a pure fold over its events, used by the read model (fed
 * from Kafka) and to answer a single opportunity straight from the event store.
 *
 * @param closes every close of the opportunity, oldest first (a reopened and closed again opportunity has several)
 */
public record OpportunitySnapshot(
        String id,
        OpportunityDetails details,
        OpportunitySteps steps,
        SalesStage stage,
        boolean processFinished,
        OpportunityState state,
        OpportunityStatusReason statusReason,
        String ownerId,
        String originatingLeadId,
        List<Stakeholder> stakeholders,
        List<Competitor> competitors,
        List<Close> closes,
        Instant createdAt,
        String createdBy,
        Instant modifiedAt,
        String modifiedBy,
        long version) {

    public record Competitor(String id, String name, String website, String strengths, String weaknesses) {}

    /** An immutable close record: how, when, for how much and by whom the opportunity was closed. */
    public record Close(
            OpportunityState state,
            OpportunityStatusReason statusReason,
            Money actualRevenue,
            LocalDate closeDate,
            String competitor,
            String competitorId,
            String description,
            String closedBy,
            Instant closedAt) {}

    /** The latest close while the opportunity is closed; null while it is open. */
    public Close currentClose() {
        return state == OpportunityState.OPEN || closes.isEmpty() ? null : closes.get(closes.size() - 1);
    }

    public static OpportunitySnapshot apply(
            OpportunitySnapshot s, OpportunityEvent event, Instant time, String user, long version) {
        if (event instanceof OpportunityCreated e) {
            List<Stakeholder> stakeholders = e.stakeholders().stream()
                    .map(c -> new Stakeholder(c.contactId(), c.role()))
                    .toList();
            return new OpportunitySnapshot(
                    e.opportunityId(),
                    e.details(),
                    e.steps(),
                    e.stage(),
                    false,
                    OpportunityState.OPEN,
                    OpportunityStatusReason.IN_PROGRESS,
                    e.ownerId(),
                    e.originatingLeadId(),
                    stakeholders,
                    List.of(),
                    List.of(),
                    time,
                    user,
                    time,
                    user,
                    version);
        }
        if (s == null) {
            throw new IllegalStateException(
                    "Opportunity " + event.opportunityId() + " has events before OpportunityCreated");
        }
        Builder next = new Builder(s);
        if (event instanceof OpportunityUpdated e) {
            next.details = e.details();
        } else if (event instanceof OpportunityStepsUpdated e) {
            next.steps = e.steps();
        } else if (event instanceof OpportunityStageAdvanced e) {
            next.stage = e.to();
            next.details = s.details.withForecast(e.probability(), e.forecastCategory());
        } else if (event instanceof OpportunityStageMovedBack e) {
            next.stage = e.to();
            next.processFinished = false;
            next.details = s.details.withForecast(e.probability(), e.forecastCategory());
        } else if (event instanceof OpportunityProcessFinished) {
            next.processFinished = true;
        } else if (event instanceof OpportunityWon e) {
            next.statusReason = OpportunityStatusReason.WON;
            next.details = s.details.withForecast(SalesProcess.WON.probability(), SalesProcess.WON.category());
            next.closes = append(
                    s.closes,
                    new Close(
                            OpportunityState.WON,
                            OpportunityStatusReason.WON,
                            e.actualRevenue(),
                            e.closeDate(),
                            null,
                            null,
                            e.description(),
                            e.closedBy(),
                            time));
        } else if (event instanceof OpportunityLost e) {
            next.statusReason = e.statusReason();
            next.details = s.details.withForecast(SalesProcess.LOST.probability(), SalesProcess.LOST.category());
            next.closes = append(
                    s.closes,
                    new Close(
                            OpportunityState.LOST,
                            e.statusReason(),
                            e.actualRevenue(),
                            e.closeDate(),
                            e.competitor(),
                            e.competitorId(),
                            e.description(),
                            e.closedBy(),
                            time));
        } else if (event instanceof OpportunityReopened e) {
            next.statusReason = OpportunityStatusReason.IN_PROGRESS;
            next.details = s.details.withForecast(e.probability(), e.forecastCategory());
        } else if (event instanceof OpportunityStatusReasonChanged e) {
            next.statusReason = e.statusReason();
        } else if (event instanceof OpportunityAssigned e) {
            next.ownerId = e.ownerId();
        } else if (event instanceof OpportunityStakeholderAdded e) {
            next.stakeholders = Stakeholder.with(s.stakeholders, e.contactId(), e.role());
        } else if (event instanceof OpportunityStakeholderRoleChanged e) {
            next.stakeholders = Stakeholder.with(s.stakeholders, e.contactId(), e.role());
        } else if (event instanceof OpportunityStakeholderRemoved e) {
            next.stakeholders = Stakeholder.with(s.stakeholders, e.contactId(), null);
        } else if (event instanceof OpportunityCompetitorAdded e) {
            next.competitors = append(
                    s.competitors,
                    new Competitor(e.competitorId(), e.name(), e.website(), e.strengths(), e.weaknesses()));
        } else if (event instanceof OpportunityCompetitorRemoved e) {
            next.competitors = s.competitors.stream()
                    .filter(c -> !c.id().equals(e.competitorId()))
                    .toList();
        }
        return next.build(time, user, version);
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> next = new ArrayList<>(list);
        next.add(item);
        return List.copyOf(next);
    }

    /** The parts an event may change; the rest comes from the snapshot before it. */
    private static final class Builder {
        private final OpportunitySnapshot before;
        OpportunityDetails details;
        OpportunitySteps steps;
        SalesStage stage;
        boolean processFinished;
        OpportunityStatusReason statusReason;
        String ownerId;
        List<Stakeholder> stakeholders;
        List<Competitor> competitors;
        List<Close> closes;

        Builder(OpportunitySnapshot s) {
            before = s;
            details = s.details;
            steps = s.steps;
            stage = s.stage;
            processFinished = s.processFinished;
            statusReason = s.statusReason;
            ownerId = s.ownerId;
            stakeholders = s.stakeholders;
            competitors = s.competitors;
            closes = s.closes;
        }

        OpportunitySnapshot build(Instant time, String user, long version) {
            return new OpportunitySnapshot(
                    before.id,
                    details,
                    steps,
                    stage,
                    processFinished,
                    statusReason.state(),
                    statusReason,
                    ownerId,
                    before.originatingLeadId,
                    stakeholders,
                    competitors,
                    closes,
                    before.createdAt,
                    before.createdBy,
                    time,
                    user,
                    version);
        }
    }
}

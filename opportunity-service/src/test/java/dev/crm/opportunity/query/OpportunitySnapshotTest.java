package dev.crm.opportunity.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crm.events.v1.opportunity.ForecastCategory;
import dev.crm.events.v1.opportunity.OpportunityCreated;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.events.v1.opportunity.OpportunityEvent;
import dev.crm.events.v1.opportunity.OpportunityLost;
import dev.crm.events.v1.opportunity.OpportunityReopened;
import dev.crm.events.v1.opportunity.OpportunityStageAdvanced;
import dev.crm.events.v1.opportunity.OpportunityState;
import dev.crm.events.v1.opportunity.OpportunityStatusReason;
import dev.crm.events.v1.opportunity.OpportunitySteps;
import dev.crm.events.v1.opportunity.SalesStage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fold of opportunity_view: each event in order, from the creation. */
class OpportunitySnapshotTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final OpportunityDetails MACHINE = OpportunityDetails.builder()
            .name("Coffee machine")
            .contactId("c-1")
            .probability(10)
            .forecastCategory(ForecastCategory.PIPELINE)
            .build();

    private static OpportunitySnapshot fold(List<OpportunityEvent> events) {
        OpportunitySnapshot snapshot = null;
        for (int i = 0; i < events.size(); i++) {
            snapshot = OpportunitySnapshot.apply(snapshot, events.get(i), T0.plusSeconds(i), "alice", i + 1);
        }
        return snapshot;
    }

    private static List<OpportunityEvent> lostThenReopened() {
        return List.of(
                new OpportunityCreated(
                        "o-1", "alice", MACHINE, OpportunitySteps.NONE, SalesStage.QUALIFY, "l-1", List.of()),
                new OpportunityStageAdvanced(
                        "o-1", SalesStage.QUALIFY, SalesStage.DEVELOP, 20, ForecastCategory.PIPELINE),
                new OpportunityLost(
                        "o-1",
                        OpportunityStatusReason.OUT_SOLD,
                        "Rival",
                        null,
                        null,
                        LocalDate.of(2026, 12, 1),
                        null,
                        "alice"),
                new OpportunityReopened(
                        "o-1", OpportunityState.LOST, SalesStage.DEVELOP, 20, ForecastCategory.PIPELINE, "l-1"));
    }

    @Test
    void eventsInOrderGiveTheOpportunityAsItStands() {
        OpportunitySnapshot o = fold(lostThenReopened());

        assertThat(o.state()).isEqualTo(OpportunityState.OPEN);
        assertThat(o.stage()).isEqualTo(SalesStage.DEVELOP);
        assertThat(o.originatingLeadId()).isEqualTo("l-1");
        assertThat(o.closes()).hasSize(1);
        assertThat(o.closes().get(0).state()).isEqualTo(OpportunityState.LOST);
        assertThat(o.version()).isEqualTo(4);
    }

    @Test
    void theSameEventsGiveTheSameSnapshotEveryTime() {
        assertThat(fold(lostThenReopened())).isEqualTo(fold(lostThenReopened()));
    }

    @Test
    void aChangeBeforeTheCreationFailsInsteadOfBeingSkipped() {
        assertThatThrownBy(
                        () -> OpportunitySnapshot.apply(null, lostThenReopened().get(2), T0, "alice", 3))
                .isInstanceOf(RuntimeException.class);
    }
}

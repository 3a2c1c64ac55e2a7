package dev.crm.lead.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crm.events.v1.lead.LeadAssigned;
import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadDisqualified;
import dev.crm.events.v1.lead.LeadEvent;
import dev.crm.events.v1.lead.LeadOpportunityReopened;
import dev.crm.events.v1.lead.LeadReactivated;
import dev.crm.events.v1.lead.LeadState;
import dev.crm.events.v1.lead.LeadStatusReason;
import dev.crm.events.v1.lead.LeadUpdated;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fold of lead_view: each event in order, from the creation. */
class LeadSnapshotTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final LeadDetails JANE = LeadDetails.builder()
            .topic("Coffee")
            .firstName("Jane")
            .lastName("Doe")
            .build();
    private static final LeadDetails RENAMED = LeadDetails.builder()
            .topic("Coffee machines")
            .firstName("Jane")
            .lastName("Doe")
            .build();

    private static LeadSnapshot fold(List<LeadEvent> events) {
        LeadSnapshot snapshot = null;
        for (int i = 0; i < events.size(); i++) {
            snapshot = LeadSnapshot.apply(snapshot, events.get(i), T0.plusSeconds(i), "alice", i + 1);
        }
        return snapshot;
    }

    @Test
    void eventsInOrderGiveTheLeadAsItStands() {
        LeadSnapshot lead = fold(List.of(
                new LeadCreated("l-1", "alice", JANE),
                new LeadUpdated("l-1", List.of("topic"), RENAMED),
                new LeadAssigned("l-1", "alice", "bob"),
                new LeadDisqualified("l-1", LeadStatusReason.NO_LONGER_INTERESTED),
                new LeadOpportunityReopened("l-1", "o-1", 6),
                new LeadReactivated("l-1", LeadState.DISQUALIFIED)));

        assertThat(lead.details().topic()).isEqualTo("Coffee machines");
        assertThat(lead.ownerId()).isEqualTo("bob");
        assertThat(lead.state()).isEqualTo(LeadState.OPEN);
        assertThat(lead.statusReason()).isEqualTo(LeadStatusReason.NEW);
        assertThat(lead.version()).isEqualTo(6);
        assertThat(lead.createdAt()).isEqualTo(T0);
        assertThat(lead.modifiedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aChangeBeforeTheCreationFailsInsteadOfBeingSkipped() {
        assertThatThrownBy(() ->
                        LeadSnapshot.apply(null, new LeadUpdated("l-1", List.of("topic"), RENAMED), T0, "alice", 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("l-1");
    }

    @Test
    void theSameEventsGiveTheSameSnapshotEveryTime() {
        List<LeadEvent> events =
                List.of(new LeadCreated("l-1", "alice", JANE), new LeadDisqualified("l-1", LeadStatusReason.LOST));
        assertThat(fold(events)).isEqualTo(fold(events));
        assertThat(fold(events).state()).isEqualTo(LeadState.DISQUALIFIED);
    }
}

package dev.crm.lead.domain;

import static dev.crm.testing.Refusals.refused;

import dev.crm.events.v1.Address;
import dev.crm.events.v1.ConnectionRole;
import dev.crm.events.v1.Money;
import dev.crm.events.v1.Rating;
import dev.crm.events.v1.lead.LeadAssigned;
import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDeleted;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadDisqualified;
import dev.crm.events.v1.lead.LeadOpportunityReopened;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.events.v1.lead.LeadReactivated;
import dev.crm.events.v1.lead.LeadStakeholderAdded;
import dev.crm.events.v1.lead.LeadStakeholderRoleChanged;
import dev.crm.events.v1.lead.LeadState;
import dev.crm.events.v1.lead.LeadStatusReason;
import dev.crm.events.v1.lead.LeadStatusReasonChanged;
import dev.crm.events.v1.lead.LeadUpdated;
import dev.crm.lead.domain.Commands.AddLeadStakeholder;
import dev.crm.lead.domain.Commands.AssignLead;
import dev.crm.lead.domain.Commands.ChangeLeadStakeholderRole;
import dev.crm.lead.domain.Commands.ChangeLeadStatusReason;
import dev.crm.lead.domain.Commands.CreateLead;
import dev.crm.lead.domain.Commands.DisqualifyLead;
import dev.crm.lead.domain.Commands.QualifyLead;
import dev.crm.lead.domain.Commands.ReactivateLead;
import dev.crm.lead.domain.Commands.UpdateLead;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.domain.DomainException.Kind;
import dev.crm.platform.security.Actor;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeadTest {

    private static final String ID = "lead-1";
    private static final Actor ALICE = new Actor("alice", false);
    private static final Actor BOB = new Actor("bob", false);
    private static final Actor MANAGER = new Actor("maria", true);
    private static final LeadDetails JANE = details("Prospect machine à café sans société", "Jane", "Doe", null);
    private static final LeadDetails JON = details("Prospect machine à café avec société", "Jon", "Doe", "Doe Inc.");

    private AggregateTestFixture<Lead> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Lead.class);
    }

    @Test
    void createdLeadIsOwnedByTheCallerByDefault() {
        fixture.givenNoPriorActivity()
                .when(new CreateLead(ID, null, JANE, ALICE))
                .expectEvents(new LeadCreated(ID, "alice", JANE));
    }

    @Test
    void salespersonCannotCreateALeadForSomeoneElse() {
        fixture.givenNoPriorActivity()
                .when(new CreateLead(ID, "bob", JANE, ALICE))
                .expectException(DomainException.class)
                .expectExceptionMessage("Only a sales manager may create a lead for another owner");
    }

    @Test
    void cannotCreateLeadWithoutLastName() {
        fixture.givenNoPriorActivity()
                .when(new CreateLead(ID, null, details("Topic", "Jane", " ", null), ALICE))
                .expectException(DomainException.class)
                .expectExceptionMessage("lastName: must not be blank");
    }

    @Test
    void updateEmitsOnlyTheChangedFields() {
        LeadDetails rated = LeadDetails.builder()
                .topic(JANE.topic())
                .firstName("Jane")
                .lastName("Doe")
                .jobTitle("Responsable de la cafétéria")
                .rating(Rating.HOT)
                .build();
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new UpdateLead(ID, rated, null, ALICE))
                .expectEvents(new LeadUpdated(ID, List.of("jobTitle", "rating"), rated));
    }

    @Test
    void moneyWithAnotherScaleIsNotAChange() {
        LeadDetails withBudget = withBudget(JON, "17000");
        fixture.given(new LeadCreated(ID, "alice", withBudget))
                .when(new UpdateLead(ID, withBudget(JON, "17000.00"), null, ALICE))
                .expectNoEvents();
    }

    @Test
    void staleVersionIsRefused() {
        fixture.given(new LeadCreated(ID, "alice", JANE), new LeadUpdated(ID, List.of("topic"), JON))
                .when(new UpdateLead(ID, JANE, 1L, ALICE))
                .expectException(DomainException.class)
                .expectExceptionMessage(
                        "The record was changed since version 1; it is now at version 2. Read it again and retry.");
    }

    @Test
    void salespersonCannotChangeAnotherOwnersLead() {
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new UpdateLead(ID, JON, null, BOB))
                .expectException(DomainException.class)
                .expectExceptionMessage("Only the owner of lead lead-1 or a sales manager may change it");
    }

    @Test
    void salesManagerCanChangeAnyLead() {
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new UpdateLead(ID, JON, 1L, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LeadUpdated(ID, List.of("topic", "firstName", "companyName"), JON));
    }

    @Test
    void qualifyingALeadWithoutCompanyCreatesContactAndOpportunityButNoAccount() {
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(qualify(ALICE))
                .expectEvents(new LeadQualified(ID, "alice", "c-1", true, null, false, "o-1", JANE, List.of()));
    }

    @Test
    void qualifyingALeadWithCompanyAlsoCreatesTheAccountAndCarriesStakeholders() {
        fixture.given(new LeadCreated(ID, "alice", JON), new LeadStakeholderAdded(ID, "c-9", ConnectionRole.CHAMPION))
                .when(qualify(ALICE))
                .expectEvents(new LeadQualified(
                        ID,
                        "alice",
                        "c-1",
                        true,
                        "a-1",
                        true,
                        "o-1",
                        JON,
                        List.of(new LeadQualified.Stakeholder("c-9", ConnectionRole.CHAMPION))));
    }

    @Test
    void qualifyingIntoExistingRecordsCreatesNoneOfThem() {
        fixture.given(new LeadCreated(ID, "alice", JON))
                .when(new QualifyLead(
                        ID,
                        true,
                        true,
                        true,
                        "existing-contact",
                        "existing-account",
                        null,
                        "c-1",
                        "a-1",
                        "o-1",
                        null,
                        ALICE))
                .expectEvents(new LeadQualified(
                        ID, "alice", "existing-contact", false, "existing-account", false, "o-1", JON, List.of()));
    }

    @Test
    void qualifyingIntoAnExistingAccountFillsOnlyTheLeadsEmptyCompanyAndAddress() {
        Address seattle = new Address("1 Pike St", "Seattle", null, null, "US");
        LeadDetails fromAccount =
                LeadDetails.builder().companyName("Doe Inc.").address(seattle).build();
        LeadDetails filled = LeadDetails.builder()
                .topic(JANE.topic())
                .firstName("Jane")
                .lastName("Doe")
                .companyName("Doe Inc.")
                .address(seattle)
                .build();
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new QualifyLead(
                        ID, true, true, true, null, "existing-account", fromAccount, "c-1", "a-1", "o-1", null, ALICE))
                .expectEvents(new LeadQualified(
                        ID, "alice", "c-1", true, "existing-account", false, "o-1", filled, List.of()));
        // a company already entered stays as it is
        fixture.given(new LeadCreated(ID, "alice", JON))
                .when(new QualifyLead(
                        ID,
                        true,
                        true,
                        true,
                        null,
                        "existing-account",
                        LeadDetails.builder().companyName("Other Name").build(),
                        "c-1",
                        "a-1",
                        "o-1",
                        null,
                        ALICE))
                .expectEvents(
                        new LeadQualified(ID, "alice", "c-1", true, "existing-account", false, "o-1", JON, List.of()));
    }

    @Test
    void cannotQualifyQualifiedLead() {
        fixture.given(new LeadCreated(ID, "alice", JANE), qualified())
                .when(qualify(ALICE))
                .expectException(DomainException.class)
                .expectExceptionMessage("Lead lead-1 is QUALIFIED (QUALIFIED) and read-only; reactivate it first");
    }

    @Test
    void cannotUpdateDisqualifiedLead() {
        fixture.given(
                        new LeadCreated(ID, "alice", JANE),
                        new LeadDisqualified(ID, LeadStatusReason.NO_LONGER_INTERESTED))
                .when(new UpdateLead(ID, JON, null, ALICE))
                .expectException(DomainException.class);
    }

    @Test
    void disqualifyDefaultsToLost() {
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new DisqualifyLead(ID, null, null, null, ALICE))
                .expectEvents(new LeadDisqualified(ID, LeadStatusReason.LOST));
    }

    @Test
    void cannotDisqualifyWithAnOpenStatusReason() {
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new DisqualifyLead(ID, LeadStatusReason.CONTACTED, null, null, ALICE))
                .expectException(DomainException.class)
                .expectNoEvents();
    }

    @Test
    void cannotDisqualifyQualifiedLead() {
        fixture.given(new LeadCreated(ID, "alice", JANE), qualified())
                .when(new DisqualifyLead(ID, LeadStatusReason.LOST, null, null, ALICE))
                .expectException(DomainException.class);
    }

    @Test
    void cannotDisqualifyAReactivatedLeadWhileItsOpportunityIsOpen() {
        fixture.given(new LeadCreated(ID, "alice", JANE), qualified(), new LeadReactivated(ID, LeadState.QUALIFIED))
                .when(new DisqualifyLead(ID, LeadStatusReason.LOST, Map.of(), null, ALICE))
                .expectException(refused(Kind.CONFLICT, "lead-has-open-opportunity"))
                .expectExceptionMessage("Lead lead-1 cannot be disqualified while an opportunity made from it is open:"
                        + " close [o-1] as won or lost first")
                .expectNoEvents();
    }

    @Test
    void anOpportunityNotKnownToBeClosedCountsAsOpen() {
        // qualified twice: the first opportunity is known closed, the second is not (still being created, say)
        fixture.given(
                        new LeadCreated(ID, "alice", JANE),
                        qualified(),
                        new LeadReactivated(ID, LeadState.QUALIFIED),
                        new LeadQualified(ID, "alice", "c-1", false, null, false, "o-2", JANE, List.of()),
                        new LeadReactivated(ID, LeadState.QUALIFIED))
                .when(new DisqualifyLead(ID, LeadStatusReason.LOST, Map.of("o-1", 5L), null, ALICE))
                .expectException(refused(Kind.CONFLICT, "lead-has-open-opportunity"));
    }

    @Test
    void aLeadWhoseOpportunitiesAreClosedCanBeDisqualified() {
        fixture.given(new LeadCreated(ID, "alice", JANE), qualified(), new LeadReactivated(ID, LeadState.QUALIFIED))
                .when(new DisqualifyLead(ID, LeadStatusReason.CANCELED, Map.of("o-1", 5L), null, ALICE))
                .expectEvents(new LeadDisqualified(ID, LeadStatusReason.CANCELED));
    }

    @Test
    void aReopenedOpportunityIsNotedAndReactivatesALeadDisqualifiedMeanwhile() {
        // the disqualification won the race: the lead hears of the reopening after it, and is reactivated
        fixture.given(
                        new LeadCreated(ID, "alice", JANE),
                        qualified(),
                        new LeadReactivated(ID, LeadState.QUALIFIED),
                        new LeadDisqualified(ID, LeadStatusReason.LOST))
                .when(new Commands.NoteOpportunityReopened(ID, "o-1", 6, BOB))
                .expectEvents(
                        new LeadOpportunityReopened(ID, "o-1", 6), new LeadReactivated(ID, LeadState.DISQUALIFIED));
    }

    @Test
    void anOpportunityHeardReopenedCountsAsOpenUntilAReplicaShowsItClosedAgainAfterThat() {
        fixture.given(
                        new LeadCreated(ID, "alice", JANE),
                        qualified(),
                        new LeadReactivated(ID, LeadState.QUALIFIED),
                        new LeadOpportunityReopened(ID, "o-1", 6))
                // the replica still shows the close before the reopening (version 5): open
                .when(new DisqualifyLead(ID, LeadStatusReason.LOST, Map.of("o-1", 5L), null, ALICE))
                .expectException(refused(Kind.CONFLICT, "lead-has-open-opportunity"));
        fixture.given(
                        new LeadCreated(ID, "alice", JANE),
                        qualified(),
                        new LeadReactivated(ID, LeadState.QUALIFIED),
                        new LeadOpportunityReopened(ID, "o-1", 6))
                // lost again at version 7: closed
                .when(new DisqualifyLead(ID, LeadStatusReason.LOST, Map.of("o-1", 7L), null, ALICE))
                .expectEvents(new LeadDisqualified(ID, LeadStatusReason.LOST));
    }

    @Test
    void aReopeningHeardTwiceOrOfAnOpenLeadOnlyNotesIt() {
        fixture.given(new LeadCreated(ID, "alice", JANE), qualified(), new LeadOpportunityReopened(ID, "o-1", 6))
                .when(new Commands.NoteOpportunityReopened(ID, "o-1", 6, BOB))
                .expectNoEvents();
        fixture.given(new LeadCreated(ID, "alice", JANE), qualified())
                .when(new Commands.NoteOpportunityReopened(ID, "o-1", 6, BOB))
                .expectEvents(new LeadOpportunityReopened(ID, "o-1", 6));
    }

    @Test
    void aLeadQualifiedWithoutOpportunityCanBeDisqualifiedOnceReactivated() {
        fixture.given(
                        new LeadCreated(ID, "alice", JANE),
                        new LeadQualified(ID, "alice", "c-1", true, null, false, null, JANE, List.of()),
                        new LeadReactivated(ID, LeadState.QUALIFIED))
                .when(new DisqualifyLead(ID, null, null, null, ALICE))
                .expectEvents(new LeadDisqualified(ID, LeadStatusReason.LOST));
    }

    @Test
    void anOpenLeadIsMarkedContactedAndBackNew() {
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new ChangeLeadStatusReason(ID, LeadStatusReason.CONTACTED, null, ALICE))
                .expectEvents(new LeadStatusReasonChanged(ID, LeadStatusReason.NEW, LeadStatusReason.CONTACTED));
        fixture.given(
                        new LeadCreated(ID, "alice", JANE),
                        new LeadStatusReasonChanged(ID, LeadStatusReason.NEW, LeadStatusReason.CONTACTED))
                .when(new ChangeLeadStatusReason(ID, LeadStatusReason.NEW, null, ALICE))
                .expectEvents(new LeadStatusReasonChanged(ID, LeadStatusReason.CONTACTED, LeadStatusReason.NEW));
    }

    @Test
    void aContactedLeadIsStillOpenAndEditable() {
        fixture.given(
                        new LeadCreated(ID, "alice", JANE),
                        new LeadStatusReasonChanged(ID, LeadStatusReason.NEW, LeadStatusReason.CONTACTED))
                .when(new UpdateLead(ID, JON, null, ALICE))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void theStatusReasonCannotQualifyOrDisqualify() {
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new ChangeLeadStatusReason(ID, LeadStatusReason.QUALIFIED, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectNoEvents();
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new ChangeLeadStatusReason(ID, LeadStatusReason.NEW, null, ALICE))
                .expectNoEvents();
    }

    @Test
    void aClosedLeadsStatusReasonCannotBeChanged() {
        fixture.given(new LeadCreated(ID, "alice", JANE), new LeadDisqualified(ID, LeadStatusReason.LOST))
                .when(new ChangeLeadStatusReason(ID, LeadStatusReason.CONTACTED, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "lead-read-only"));
    }

    @Test
    void reactivatingADisqualifiedLeadMakesItEditableAgain() {
        fixture.given(
                        new LeadCreated(ID, "alice", JANE),
                        new LeadDisqualified(ID, LeadStatusReason.NO_LONGER_INTERESTED))
                .when(new ReactivateLead(ID, null, ALICE))
                .expectEvents(new LeadReactivated(ID, LeadState.DISQUALIFIED));
        fixture.given(
                        new LeadCreated(ID, "alice", JANE),
                        new LeadDisqualified(ID, LeadStatusReason.LOST),
                        new LeadReactivated(ID, LeadState.DISQUALIFIED))
                .when(new UpdateLead(ID, JON, null, ALICE))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void cannotReactivateAnOpenLead() {
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new ReactivateLead(ID, null, ALICE))
                .expectException(DomainException.class)
                .expectExceptionMessage("Lead lead-1 is already open");
    }

    @Test
    void onlyASalesManagerCanAssign() {
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new AssignLead(ID, "bob", null, ALICE))
                .expectException(DomainException.class);
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new AssignLead(ID, "bob", null, MANAGER))
                .expectEvents(new LeadAssigned(ID, "alice", "bob"));
    }

    @Test
    void stakeholderRoleCanChangeButAContactIsConnectedOnce() {
        fixture.given(
                        new LeadCreated(ID, "alice", JON),
                        new LeadStakeholderAdded(ID, "c-9", ConnectionRole.STAKEHOLDER))
                .when(new ChangeLeadStakeholderRole(ID, "c-9", ConnectionRole.DECISION_MAKER, null, ALICE))
                .expectEvents(new LeadStakeholderRoleChanged(
                        ID, "c-9", ConnectionRole.STAKEHOLDER, ConnectionRole.DECISION_MAKER));
        fixture.given(
                        new LeadCreated(ID, "alice", JON),
                        new LeadStakeholderAdded(ID, "c-9", ConnectionRole.STAKEHOLDER))
                .when(new AddLeadStakeholder(ID, "c-9", null, null, ALICE))
                .expectException(DomainException.class)
                .expectNoEvents();
    }

    private static QualifyLead qualify(Actor actor) {
        return new QualifyLead(ID, true, true, true, null, null, null, "c-1", "a-1", "o-1", null, actor);
    }

    private static LeadQualified qualified() {
        return new LeadQualified(ID, "alice", "c-1", true, null, false, "o-1", JANE, List.of());
    }

    @Test
    void anImportedLeadRecordsItsImport() {
        fixture.givenNoPriorActivity()
                .when(new CreateLead(ID, null, JANE, "import-1", ALICE))
                .expectEvents(new LeadCreated(ID, "alice", JANE, "import-1"));
    }

    @Test
    void revertingItsImportDeletesAnUntouchedImportedLead() {
        fixture.given(new LeadCreated(ID, "alice", JANE, "import-1"))
                .when(new Commands.DeleteImportedLead(ID, "import-1", ALICE))
                .expectEvents(new LeadDeleted(ID, "import-1"));
    }

    @Test
    void revertingKeepsAnImportedLeadThatChangedSince() {
        fixture.given(
                        new LeadCreated(ID, "alice", JANE, "import-1"),
                        new LeadStatusReasonChanged(ID, LeadStatusReason.NEW, LeadStatusReason.CONTACTED))
                .when(new Commands.DeleteImportedLead(ID, "import-1", ALICE))
                .expectNoEvents()
                .expectException(refused(Kind.CONFLICT, "lead-changed-since-import"));
    }

    @Test
    void cannotDeleteALeadThroughAnotherImportOrOneCapturedByHand() {
        fixture.given(new LeadCreated(ID, "alice", JANE, "import-1"))
                .when(new Commands.DeleteImportedLead(ID, "import-2", ALICE))
                .expectException(refused(Kind.CONFLICT, "lead-not-from-import"));
        fixture.given(new LeadCreated(ID, "alice", JANE))
                .when(new Commands.DeleteImportedLead(ID, "import-1", ALICE))
                .expectException(refused(Kind.CONFLICT, "lead-not-from-import"));
    }

    @Test
    void anotherSalespersonCannotRevertAlicesImportedLead() {
        fixture.given(new LeadCreated(ID, "alice", JANE, "import-1"))
                .when(new Commands.DeleteImportedLead(ID, "import-1", BOB))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"));
    }

    @Test
    void aDeletedLeadRefusesEveryChange() {
        fixture.given(new LeadCreated(ID, "alice", JANE, "import-1"), new LeadDeleted(ID, "import-1"))
                .when(new UpdateLead(ID, JON, null, ALICE))
                .expectException(refused(Kind.NOT_FOUND, "lead-deleted"));
        fixture.given(new LeadCreated(ID, "alice", JANE, "import-1"), new LeadDeleted(ID, "import-1"))
                .when(new ReactivateLead(ID, null, ALICE))
                .expectException(refused(Kind.NOT_FOUND, "lead-deleted"));
        fixture.given(new LeadCreated(ID, "alice", JANE, "import-1"), new LeadDeleted(ID, "import-1"))
                .when(new Commands.DeleteImportedLead(ID, "import-1", ALICE))
                .expectException(refused(Kind.NOT_FOUND, "lead-deleted"));
    }

    private static LeadDetails details(String topic, String first, String last, String company) {
        return LeadDetails.builder()
                .topic(topic)
                .firstName(first)
                .lastName(last)
                .companyName(company)
                .build();
    }

    private static LeadDetails withBudget(LeadDetails d, String amount) {
        return LeadDetails.builder()
                .topic(d.topic())
                .firstName(d.firstName())
                .lastName(d.lastName())
                .companyName(d.companyName())
                .budgetAmount(new Money(new BigDecimal(amount), "USD"))
                .build();
    }
}

package dev.crm.opportunity.domain;

import static dev.crm.testing.Refusals.refused;

import dev.crm.events.v1.ConnectionRole;
import dev.crm.events.v1.Money;
import dev.crm.events.v1.PurchaseProcess;
import dev.crm.events.v1.PurchaseTimeframe;
import dev.crm.events.v1.Rating;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.events.v1.opportunity.ForecastCategory;
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
import dev.crm.platform.domain.DomainException.Kind;
import dev.crm.platform.security.Actor;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpportunityTest {

    private static final String ID = "opportunity-1";
    private static final Actor ALICE = new Actor("alice", false);
    private static final Actor BOB = new Actor("bob", false);
    private static final Actor MANAGER = new Actor("maria", true);
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    private static final Money REVENUE = new Money(new BigDecimal("16500"), "USD");
    /** Jon's opportunity as created: account and contact, estimates, at QUALIFY with its defaults. */
    private static final OpportunityDetails JON = OpportunityDetails.builder()
            .name("Prospect machine à café avec société")
            .accountId("account-1")
            .contactId("contact-1")
            .estimatedRevenue(REVENUE)
            .probability(10)
            .forecastCategory(ForecastCategory.PIPELINE)
            .build();

    private AggregateTestFixture<Opportunity> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Opportunity.class);
    }

    // --- create ---------------------------------------------------------------------------------------------------

    @Test
    void createdOpportunityStartsAtQualifyWithItsDefaultForecastOwnedByTheCaller() {
        OpportunityDetails given =
                JON.toBuilder().probability(null).forecastCategory(null).build();
        fixture.givenNoPriorActivity()
                .when(new CreateOpportunity(ID, null, given, null, null, null, ALICE))
                .expectEvents(new OpportunityCreated(
                        ID, "alice", JON, OpportunitySteps.NONE, SalesStage.QUALIFY, null, List.of()));
    }

    @Test
    void aProbabilityAndForecastGivenAtCreationOverrideTheStageDefaults() {
        OpportunityDetails given = JON.toBuilder()
                .probability(35)
                .forecastCategory(ForecastCategory.BEST_CASE)
                .build();
        fixture.givenNoPriorActivity()
                .when(new CreateOpportunity(ID, null, given, null, null, null, ALICE))
                .expectEvents(new OpportunityCreated(
                        ID, "alice", given, OpportunitySteps.NONE, SalesStage.QUALIFY, null, List.of()));
    }

    @Test
    void cannotCreateAnOpportunityDirectlyWithoutACustomer() {
        fixture.givenNoPriorActivity()
                .when(new CreateOpportunity(
                        ID,
                        null,
                        JON.toBuilder().accountId(null).contactId(null).build(),
                        null,
                        null,
                        null,
                        ALICE))
                .expectException(refused(Kind.INVALID, "customer-required"))
                .expectNoEvents();
    }

    @Test
    void aContactAloneIsACustomer() {
        OpportunityDetails janes = JON.toBuilder().accountId(null).build();
        fixture.givenNoPriorActivity()
                .when(new CreateOpportunity(ID, null, janes, null, null, null, ALICE))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void cannotCreateAnOpportunityWithABlankOrTooLongName() {
        fixture.givenNoPriorActivity()
                .when(new CreateOpportunity(ID, null, JON.toBuilder().name(" ").build(), null, null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("name: must not be blank");
        fixture.givenNoPriorActivity()
                .when(new CreateOpportunity(
                        ID, null, JON.toBuilder().name("n".repeat(301)).build(), null, null, null, ALICE))
                .expectExceptionMessage("name: must be at most 300 characters");
    }

    @Test
    void probabilityMustBeAPercentage() {
        fixture.givenNoPriorActivity()
                .when(new CreateOpportunity(
                        ID, null, JON.toBuilder().probability(101).build(), null, null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("probability: must be between 0 and 100");
    }

    @Test
    void wonAndLostForecastsAreOnlySetByClosing() {
        fixture.givenNoPriorActivity()
                .when(new CreateOpportunity(
                        ID,
                        null,
                        JON.toBuilder().forecastCategory(ForecastCategory.WON).build(),
                        null,
                        null,
                        null,
                        ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"));
        fixture.given(created())
                .when(new UpdateOpportunity(
                        ID,
                        JON.toBuilder().forecastCategory(ForecastCategory.LOST).build(),
                        null,
                        ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectNoEvents();
    }

    @Test
    void salespersonCannotCreateAnOpportunityForAnotherOwnerButAManagerCan() {
        fixture.givenNoPriorActivity()
                .when(new CreateOpportunity(ID, "bob", JON, null, null, null, ALICE))
                .expectException(refused(Kind.FORBIDDEN, "sales-manager-only"));
        fixture.givenNoPriorActivity()
                .when(new CreateOpportunity(ID, "bob", JON, null, null, null, MANAGER))
                .expectEvents(new OpportunityCreated(
                        ID, "bob", JON, OpportunitySteps.NONE, SalesStage.QUALIFY, null, List.of()));
    }

    @Test
    void anOpportunityFromALeadMayHaveNoCustomer() {
        OpportunityDetails noCustomer =
                JON.toBuilder().accountId(null).contactId(null).build();
        fixture.givenNoPriorActivity()
                .when(new CreateOpportunity(
                        ID, "bob", noCustomer, null, "lead-1", List.of(), Actor.onBehalfOf("alice")))
                .expectEvents(new OpportunityCreated(
                        ID, "bob", noCustomer, OpportunitySteps.NONE, SalesStage.QUALIFY, "lead-1", List.of()));
    }

    // --- from a qualified lead -----------------------------------------------------------------------------------

    @Test
    void aQualifiedLeadGivesItsTopicCustomerEstimatesOwnerAndStakeholders() {
        LeadDetails lead = LeadDetails.builder()
                .topic("Prospect machine à café avec société")
                .firstName("Jon")
                .lastName("Doe")
                .companyName("Doe Inc.")
                .budgetAmount(new Money(new BigDecimal("17000"), "USD"))
                .purchaseTimeframe(PurchaseTimeframe.THIS_QUARTER)
                .purchaseProcess(PurchaseProcess.COMMITTEE)
                .description("Pour la cafétéria")
                .estimatedCloseDate(TODAY.plusDays(14))
                .estimatedValue(REVENUE)
                .rating(Rating.WARM)
                .decisionMaker(true)
                .build();
        LeadQualified qualified = new LeadQualified(
                "lead-1",
                "bob",
                "contact-1",
                true,
                "account-1",
                true,
                ID,
                lead,
                List.of(new LeadQualified.Stakeholder("contact-7", ConnectionRole.TECHNICAL_BUYER)));
        OpportunityDetails expected = OpportunityDetails.builder()
                .name("Prospect machine à café avec société")
                .accountId("account-1")
                .contactId("contact-1")
                .budgetAmount(lead.budgetAmount())
                .purchaseTimeframe(PurchaseTimeframe.THIS_QUARTER)
                .purchaseProcess(PurchaseProcess.COMMITTEE)
                .description("Pour la cafétéria")
                .estimatedCloseDate(TODAY.plusDays(14))
                .estimatedRevenue(REVENUE)
                .probability(10)
                .forecastCategory(ForecastCategory.PIPELINE)
                .rating(Rating.WARM)
                .build();
        fixture.givenNoPriorActivity()
                .when(LeadConversion.opportunityOf(qualified, "alice"))
                .expectEvents(new OpportunityCreated(
                        ID,
                        "bob",
                        expected,
                        new OpportunitySteps(
                                true, null, null, null, null, null, null, null, null, null, null, null, null),
                        SalesStage.QUALIFY,
                        "lead-1",
                        List.of(
                                new OpportunityCreated.Stakeholder("contact-1", ConnectionRole.DECISION_MAKER),
                                new OpportunityCreated.Stakeholder("contact-7", ConnectionRole.TECHNICAL_BUYER))));
    }

    @Test
    void aLeadWithoutCompanyGivesAnOpportunityWithoutAccountAndNoDecisionMakerUnlessItSaysSo() {
        LeadDetails jane = LeadDetails.builder()
                .topic("Prospect machine à café sans société")
                .firstName("Jane")
                .lastName("Doe")
                .build();
        LeadQualified qualified =
                new LeadQualified("lead-2", "alice", "contact-2", true, null, false, ID, jane, List.of());
        fixture.givenNoPriorActivity()
                .when(LeadConversion.opportunityOf(qualified, "alice"))
                .expectEvents(new OpportunityCreated(
                        ID,
                        "alice",
                        OpportunityDetails.builder()
                                .name("Prospect machine à café sans société")
                                .contactId("contact-2")
                                .probability(10)
                                .forecastCategory(ForecastCategory.PIPELINE)
                                .build(),
                        OpportunitySteps.NONE,
                        SalesStage.QUALIFY,
                        "lead-2",
                        List.of()));
    }

    @Test
    void aQualificationWithoutOpportunityAsksForNone() {
        LeadQualified qualified = new LeadQualified(
                "lead-3",
                "alice",
                "contact-3",
                true,
                null,
                false,
                null,
                LeadDetails.builder().topic("t").lastName("Doe").build(),
                List.of());
        org.assertj.core.api.Assertions.assertThat(LeadConversion.opportunityOf(qualified, "alice"))
                .isNull();
    }

    // --- update ---------------------------------------------------------------------------------------------------

    @Test
    void updateEmitsExactlyTheChangedFieldsAndTheFullDetails() {
        OpportunityDetails estimated = JON.toBuilder()
                .budgetAmount(new Money(new BigDecimal("17000"), "USD"))
                .purchaseTimeframe(PurchaseTimeframe.THIS_QUARTER)
                .purchaseProcess(PurchaseProcess.COMMITTEE)
                .estimatedCloseDate(TODAY.plusDays(1))
                .build();
        fixture.given(created())
                .when(new UpdateOpportunity(ID, estimated, null, ALICE))
                .expectEvents(new OpportunityUpdated(
                        ID,
                        List.of("budgetAmount", "purchaseTimeframe", "purchaseProcess", "estimatedCloseDate"),
                        estimated));
    }

    @Test
    void updateWithoutAnyChangeEmitsNothing() {
        fixture.given(created())
                .when(new UpdateOpportunity(ID, JON, null, ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theForecastCanBeOverriddenByHand() {
        OpportunityDetails committed = JON.toBuilder()
                .probability(70)
                .forecastCategory(ForecastCategory.COMMITTED)
                .build();
        fixture.given(created())
                .when(new UpdateOpportunity(ID, committed, null, ALICE))
                .expectEvents(new OpportunityUpdated(ID, List.of("probability", "forecastCategory"), committed));
    }

    @Test
    void theCustomerCannotBeRemovedEntirely() {
        fixture.given(created())
                .when(new UpdateOpportunity(
                        ID, JON.toBuilder().accountId(null).contactId(null).build(), null, ALICE))
                .expectException(refused(Kind.INVALID, "customer-required"))
                .expectNoEvents();
        OpportunityDetails contactOnly = JON.toBuilder().accountId(null).build();
        fixture.given(created())
                .when(new UpdateOpportunity(ID, contactOnly, null, ALICE))
                .expectEvents(new OpportunityUpdated(ID, List.of("accountId"), contactOnly));
    }

    @Test
    void onlyTheOwnerOrAManagerMayChangeAnOpportunity() {
        OpportunityDetails hot = JON.toBuilder().rating(Rating.HOT).build();
        fixture.given(created())
                .when(new UpdateOpportunity(ID, hot, null, BOB))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"));
        fixture.given(created())
                .when(new UpdateOpportunity(ID, hot, null, MANAGER))
                .expectEvents(new OpportunityUpdated(ID, List.of("rating"), hot));
    }

    @Test
    void aStaleVersionIsRefused() {
        fixture.given(created())
                .when(new UpdateOpportunity(
                        ID, JON.toBuilder().rating(Rating.HOT).build(), 3L, ALICE))
                .expectException(refused(Kind.CONFLICT, "stale-version"));
    }

    // --- steps ----------------------------------------------------------------------------------------------------

    @Test
    void stepsThatReadFieldsChangeTheDetailsAndTheOthersTheSteps() {
        OpportunityDetails needs = JON.withForecast(40, ForecastCategory.PIPELINE).toBuilder()
                .customerNeed("Café pour 40 personnes")
                .proposedSolution("Machine à grains")
                .build();
        OpportunitySteps identified = steps(b -> b.identifyStakeholders = true, b -> b.identifyCompetitors = true);
        fixture.given(created(), advanced(SalesStage.QUALIFY, SalesStage.DEVELOP))
                .when(new UpdateOpportunitySteps(ID, needs, identified, null, ALICE))
                .expectEvents(
                        new OpportunityUpdated(ID, List.of("customerNeed", "proposedSolution"), needs),
                        new OpportunityStepsUpdated(
                                ID, List.of("identifyStakeholders", "identifyCompetitors"), identified));
    }

    @Test
    void stepsAloneEmitOnlyTheirEvent() {
        OpportunitySteps proposed = steps(b -> b.identifySalesTeam = true, b -> b.developProposal = true);
        fixture.given(created())
                .when(new UpdateOpportunitySteps(ID, JON, proposed, null, ALICE))
                .expectEvents(
                        new OpportunityStepsUpdated(ID, List.of("identifySalesTeam", "developProposal"), proposed));
    }

    // --- stages ---------------------------------------------------------------------------------------------------

    @Test
    void nextStagePutsTheNewStagesForecastInForce() {
        fixture.given(created())
                .when(new AdvanceStage(ID, null, ALICE))
                .expectEvents(new OpportunityStageAdvanced(
                        ID, SalesStage.QUALIFY, SalesStage.DEVELOP, 40, ForecastCategory.PIPELINE));
        fixture.given(created(), advanced(SalesStage.QUALIFY, SalesStage.DEVELOP))
                .when(new AdvanceStage(ID, null, ALICE))
                .expectEvents(new OpportunityStageAdvanced(
                        ID, SalesStage.DEVELOP, SalesStage.PROPOSE, 60, ForecastCategory.BEST_CASE));
    }

    @Test
    void aStageChangeResetsAForecastOverriddenByHand() {
        OpportunityDetails committed = JON.toBuilder()
                .probability(90)
                .forecastCategory(ForecastCategory.COMMITTED)
                .build();
        fixture.given(created(), new OpportunityUpdated(ID, List.of("probability", "forecastCategory"), committed))
                .when(new AdvanceStage(ID, null, ALICE))
                .expectEvents(new OpportunityStageAdvanced(
                        ID, SalesStage.QUALIFY, SalesStage.DEVELOP, 40, ForecastCategory.PIPELINE));
    }

    @Test
    void cannotGoPastTheLastStage() {
        fixture.given(atClose())
                .when(new AdvanceStage(ID, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "last-stage"))
                .expectNoEvents();
    }

    @Test
    void cannotGoBeforeTheFirstStage() {
        fixture.given(created())
                .when(new MoveStageBack(ID, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "first-stage"));
    }

    @Test
    void movingBackIsRecordedWithThePreviousStagesForecast() {
        fixture.given(
                        created(),
                        advanced(SalesStage.QUALIFY, SalesStage.DEVELOP),
                        advanced(SalesStage.DEVELOP, SalesStage.PROPOSE))
                .when(new MoveStageBack(ID, null, ALICE))
                .expectEvents(new OpportunityStageMovedBack(
                        ID, SalesStage.PROPOSE, SalesStage.DEVELOP, 40, ForecastCategory.PIPELINE));
    }

    @Test
    void theProcessFinishesOnlyAtTheLastStageAndOnce() {
        fixture.given(created(), advanced(SalesStage.QUALIFY, SalesStage.DEVELOP))
                .when(new FinishProcess(ID, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "not-at-last-stage"));
        fixture.given(atClose())
                .when(new FinishProcess(ID, null, ALICE))
                .expectEvents(new OpportunityProcessFinished(ID, SalesStage.CLOSE));
        fixture.given(atClose(new OpportunityProcessFinished(ID, SalesStage.CLOSE)))
                .when(new FinishProcess(ID, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "process-finished"));
    }

    @Test
    void movingBackFromAFinishedProcessResumesIt() {
        Object[] finishedThenBack = atClose(
                new OpportunityProcessFinished(ID, SalesStage.CLOSE),
                new OpportunityStageMovedBack(
                        ID, SalesStage.CLOSE, SalesStage.PROPOSE, 60, ForecastCategory.BEST_CASE));
        fixture.given(finishedThenBack)
                .when(new AdvanceStage(ID, null, ALICE))
                .expectEvents(new OpportunityStageAdvanced(
                        ID, SalesStage.PROPOSE, SalesStage.CLOSE, 80, ForecastCategory.COMMITTED));
    }

    // --- close ----------------------------------------------------------------------------------------------------

    @Test
    void winningDefaultsToTheEstimatedRevenueAndToday() {
        fixture.given(atClose(new OpportunityProcessFinished(ID, SalesStage.CLOSE)))
                .when(new WinOpportunity(ID, null, null, "Commande signée", TODAY, null, ALICE))
                .expectEvents(new OpportunityWon(ID, REVENUE, TODAY, "Commande signée", "alice"));
    }

    @Test
    void winningRecordsTheActualRevenueAndDateGiven() {
        Money actual = new Money(new BigDecimal("15900"), "USD");
        fixture.given(created())
                .when(new WinOpportunity(ID, actual, TODAY.minusDays(2), null, TODAY, null, MANAGER))
                .expectEvents(new OpportunityWon(ID, actual, TODAY.minusDays(2), null, "maria"));
    }

    @Test
    void aWonOpportunityIsReadOnly() {
        fixture.given(created(), won())
                .when(new UpdateOpportunity(
                        ID, JON.toBuilder().rating(Rating.HOT).build(), null, ALICE))
                .expectException(refused(Kind.CONFLICT, "opportunity-read-only"))
                .expectExceptionMessage("Opportunity opportunity-1 is WON (WON) and read-only; reopen it first");
        fixture.given(created(), won())
                .when(new AdvanceStage(ID, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "opportunity-read-only"));
        fixture.given(created(), won())
                .when(new WinOpportunity(ID, null, null, null, TODAY, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "opportunity-read-only"));
        fixture.given(created(), won())
                .when(new AddOpportunityStakeholder(ID, "contact-2", null, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "opportunity-read-only"));
    }

    @Test
    void losingDefaultsToCanceledAndToday() {
        fixture.given(created())
                .when(new LoseOpportunity(ID, null, null, null, null, null, TODAY, null, ALICE))
                .expectEvents(new OpportunityLost(
                        ID, OpportunityStatusReason.CANCELED, null, null, null, TODAY, null, "alice"));
    }

    @Test
    void losingToAListedCompetitorNamesIt() {
        fixture.given(
                        created(),
                        new OpportunityCompetitorAdded(ID, "competitor-1", "Café Express SA", null, null, null))
                .when(new LoseOpportunity(
                        ID,
                        OpportunityStatusReason.OUT_SOLD,
                        "cafe express",
                        null,
                        null,
                        "Moins cher",
                        TODAY,
                        null,
                        ALICE))
                .expectEvents(new OpportunityLost(
                        ID,
                        OpportunityStatusReason.OUT_SOLD,
                        "cafe express",
                        "competitor-1",
                        null,
                        TODAY,
                        "Moins cher",
                        "alice"));
    }

    @Test
    void losingToAnUnlistedCompetitorKeepsItsName() {
        fixture.given(created())
                .when(new LoseOpportunity(
                        ID, OpportunityStatusReason.OUT_SOLD, " Brew Co ", null, TODAY, null, TODAY, null, ALICE))
                .expectEvents(new OpportunityLost(
                        ID, OpportunityStatusReason.OUT_SOLD, "Brew Co", null, null, TODAY, null, "alice"));
    }

    @Test
    void theLossReasonMustBeALostReason() {
        fixture.given(created())
                .when(new LoseOpportunity(
                        ID, OpportunityStatusReason.ON_HOLD, null, null, null, null, TODAY, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("statusReason: must be one of CANCELED, OUT_SOLD");
    }

    @Test
    void aLostOpportunityIsReadOnly() {
        fixture.given(created(), lost())
                .when(new UpdateOpportunity(
                        ID, JON.toBuilder().rating(Rating.COLD).build(), null, ALICE))
                .expectException(refused(Kind.CONFLICT, "opportunity-read-only"));
    }

    // --- reopen ---------------------------------------------------------------------------------------------------

    @Test
    void reopeningPutsTheStagesForecastBackInForce() {
        fixture.given(atClose(won()))
                .when(new ReopenOpportunity(ID, null, ALICE))
                .expectEvents(new OpportunityReopened(
                        ID, OpportunityState.WON, SalesStage.CLOSE, 80, ForecastCategory.COMMITTED, null));
        fixture.given(created(), lost())
                .when(new ReopenOpportunity(ID, null, ALICE))
                .expectEvents(new OpportunityReopened(
                        ID, OpportunityState.LOST, SalesStage.QUALIFY, 10, ForecastCategory.PIPELINE, null));
        // an opportunity made from a lead names it, so that the lead hears of its reopening
        fixture.given(
                        new OpportunityCreated(
                                ID, "alice", JON, OpportunitySteps.NONE, SalesStage.QUALIFY, "lead-7", List.of()),
                        lost())
                .when(new ReopenOpportunity(ID, null, ALICE))
                .expectEvents(new OpportunityReopened(
                        ID, OpportunityState.LOST, SalesStage.QUALIFY, 10, ForecastCategory.PIPELINE, "lead-7"));
    }

    @Test
    void aReopenedOpportunityIsEditableAgain() {
        OpportunityDetails hot = JON.toBuilder().rating(Rating.HOT).build();
        fixture.given(
                        created(),
                        lost(),
                        new OpportunityReopened(
                                ID, OpportunityState.LOST, SalesStage.QUALIFY, 10, ForecastCategory.PIPELINE, null))
                .when(new UpdateOpportunity(ID, hot, null, ALICE))
                .expectEvents(new OpportunityUpdated(ID, List.of("rating"), hot));
    }

    @Test
    void cannotReopenAnOpenOpportunity() {
        fixture.given(created())
                .when(new ReopenOpportunity(ID, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "opportunity-already-open"));
    }

    @Test
    void onlyTheOwnerOrAManagerMayReopen() {
        fixture.given(created(), won())
                .when(new ReopenOpportunity(ID, null, BOB))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"));
    }

    // --- status reason, assignment --------------------------------------------------------------------------------

    @Test
    void anOpenOpportunityCanBePutOnHoldAndStaysEditable() {
        fixture.given(created())
                .when(new ChangeOpportunityStatusReason(ID, OpportunityStatusReason.ON_HOLD, null, ALICE))
                .expectEvents(new OpportunityStatusReasonChanged(
                        ID, OpportunityStatusReason.IN_PROGRESS, OpportunityStatusReason.ON_HOLD));
        fixture.given(
                        created(),
                        new OpportunityStatusReasonChanged(
                                ID, OpportunityStatusReason.IN_PROGRESS, OpportunityStatusReason.ON_HOLD))
                .when(new AdvanceStage(ID, null, ALICE))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void theStatusReasonCannotCloseTheOpportunity() {
        fixture.given(created())
                .when(new ChangeOpportunityStatusReason(ID, OpportunityStatusReason.WON, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"));
    }

    @Test
    void settingTheSameStatusReasonEmitsNothing() {
        fixture.given(created())
                .when(new ChangeOpportunityStatusReason(ID, OpportunityStatusReason.IN_PROGRESS, null, ALICE))
                .expectNoEvents();
    }

    @Test
    void onlyAManagerMayAssign() {
        fixture.given(created())
                .when(new AssignOpportunity(ID, "bob", null, ALICE))
                .expectException(refused(Kind.FORBIDDEN, "sales-manager-only"));
        fixture.given(created())
                .when(new AssignOpportunity(ID, "bob", null, MANAGER))
                .expectEvents(new OpportunityAssigned(ID, "alice", "bob"));
        fixture.given(created())
                .when(new AssignOpportunity(ID, "alice", null, MANAGER))
                .expectNoEvents();
    }

    @Test
    void afterAssignmentTheNewOwnerMayChangeItAndThePreviousOneMayNot() {
        fixture.given(created(), new OpportunityAssigned(ID, "alice", "bob"))
                .when(new AdvanceStage(ID, null, ALICE))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"));
        fixture.given(created(), new OpportunityAssigned(ID, "alice", "bob"))
                .when(new AdvanceStage(ID, null, BOB))
                .expectSuccessfulHandlerExecution();
    }

    // --- stakeholders and competitors ----------------------------------------------------------------------------

    @Test
    void stakeholdersAreAddedChangedAndRemoved() {
        fixture.given(created())
                .when(new AddOpportunityStakeholder(ID, "contact-2", null, null, ALICE))
                .expectEvents(new OpportunityStakeholderAdded(ID, "contact-2", ConnectionRole.STAKEHOLDER));
        fixture.given(created(), new OpportunityStakeholderAdded(ID, "contact-2", ConnectionRole.STAKEHOLDER))
                .when(new ChangeOpportunityStakeholderRole(ID, "contact-2", ConnectionRole.CHAMPION, null, ALICE))
                .expectEvents(new OpportunityStakeholderRoleChanged(
                        ID, "contact-2", ConnectionRole.STAKEHOLDER, ConnectionRole.CHAMPION));
        fixture.given(created(), new OpportunityStakeholderAdded(ID, "contact-2", ConnectionRole.STAKEHOLDER))
                .when(new RemoveOpportunityStakeholder(ID, "contact-2", null, ALICE))
                .expectEvents(new OpportunityStakeholderRemoved(ID, "contact-2"));
    }

    @Test
    void theLeadsStakeholdersAreTheOpportunitysFromTheStart() {
        fixture.given(new OpportunityCreated(
                        ID,
                        "alice",
                        JON,
                        OpportunitySteps.NONE,
                        SalesStage.QUALIFY,
                        "lead-1",
                        List.of(new OpportunityCreated.Stakeholder("contact-1", ConnectionRole.DECISION_MAKER))))
                .when(new AddOpportunityStakeholder(ID, "contact-1", ConnectionRole.CHAMPION, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "stakeholder-exists"));
    }

    @Test
    void anUnknownStakeholderCannotBeChangedOrRemoved() {
        fixture.given(created())
                .when(new ChangeOpportunityStakeholderRole(ID, "contact-9", ConnectionRole.CHAMPION, null, ALICE))
                .expectException(refused(Kind.NOT_FOUND, "stakeholder-not-found"));
        fixture.given(created())
                .when(new RemoveOpportunityStakeholder(ID, "contact-9", null, ALICE))
                .expectException(refused(Kind.NOT_FOUND, "stakeholder-not-found"));
    }

    @Test
    void competitorsAreListedOnceByName() {
        fixture.given(created())
                .when(new AddCompetitor(
                        ID,
                        "competitor-1",
                        " Café Express ",
                        "https://cafe-express.example",
                        "Prix",
                        null,
                        null,
                        ALICE))
                .expectEvents(new OpportunityCompetitorAdded(
                        ID, "competitor-1", "Café Express", "https://cafe-express.example", "Prix", null));
        fixture.given(created(), new OpportunityCompetitorAdded(ID, "competitor-1", "Café Express", null, null, null))
                .when(new AddCompetitor(ID, "competitor-2", "CAFE EXPRESS Inc.", null, null, null, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "competitor-exists"));
    }

    @Test
    void aCompetitorNeedsAName() {
        fixture.given(created())
                .when(new AddCompetitor(ID, "competitor-1", "", null, null, null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("name: must not be blank");
    }

    @Test
    void competitorsAreRemovedByIdAndAnUnknownOneIsNotFound() {
        fixture.given(created(), new OpportunityCompetitorAdded(ID, "competitor-1", "Café Express", null, null, null))
                .when(new RemoveCompetitor(ID, "competitor-1", null, ALICE))
                .expectEvents(new OpportunityCompetitorRemoved(ID, "competitor-1"));
        fixture.given(created())
                .when(new RemoveCompetitor(ID, "competitor-1", null, ALICE))
                .expectException(refused(Kind.NOT_FOUND, "competitor-not-found"));
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static OpportunityCreated created() {
        return new OpportunityCreated(ID, "alice", JON, OpportunitySteps.NONE, SalesStage.QUALIFY, null, List.of());
    }

    private static OpportunityStageAdvanced advanced(SalesStage from, SalesStage to) {
        SalesProcess.Forecast forecast = SalesProcess.forecastAt(to);
        return new OpportunityStageAdvanced(ID, from, to, forecast.probability(), forecast.category());
    }

    /** Created and moved to CLOSE, then {@code more}. */
    private static Object[] atClose(Object... more) {
        List<Object> events = new java.util.ArrayList<>(List.of(
                created(),
                advanced(SalesStage.QUALIFY, SalesStage.DEVELOP),
                advanced(SalesStage.DEVELOP, SalesStage.PROPOSE),
                advanced(SalesStage.PROPOSE, SalesStage.CLOSE)));
        events.addAll(List.of(more));
        return events.toArray();
    }

    private static OpportunityWon won() {
        return new OpportunityWon(ID, REVENUE, TODAY, null, "alice");
    }

    private static OpportunityLost lost() {
        return new OpportunityLost(ID, OpportunityStatusReason.OUT_SOLD, "Brew Co", null, null, TODAY, null, "alice");
    }

    /** Mutable form of the steps, for readable test data. */
    static final class StepValues {
        Boolean identifyDecisionMaker;
        String captureSummary;
        Boolean identifyStakeholders;
        Boolean identifyCompetitors;
        Boolean identifySalesTeam;
        Boolean developProposal;

        OpportunitySteps build() {
            return new OpportunitySteps(
                    identifyDecisionMaker,
                    captureSummary,
                    identifyStakeholders,
                    identifyCompetitors,
                    identifySalesTeam,
                    developProposal,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
    }

    @SafeVarargs
    private static OpportunitySteps steps(java.util.function.Consumer<StepValues>... values) {
        StepValues b = new StepValues();
        for (var value : values) {
            value.accept(b);
        }
        return b.build();
    }
}

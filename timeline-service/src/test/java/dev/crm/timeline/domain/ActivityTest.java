package dev.crm.timeline.domain;

import static dev.crm.testing.Refusals.refused;

import dev.crm.events.v1.RecordType;
import dev.crm.events.v1.Regarding;
import dev.crm.events.v1.activity.ActivityAssigned;
import dev.crm.events.v1.activity.ActivityCanceled;
import dev.crm.events.v1.activity.ActivityCompleted;
import dev.crm.events.v1.activity.ActivityCreated;
import dev.crm.events.v1.activity.ActivityDetails;
import dev.crm.events.v1.activity.ActivityPriority;
import dev.crm.events.v1.activity.ActivityStatusReason;
import dev.crm.events.v1.activity.ActivityType;
import dev.crm.events.v1.activity.ActivityUpdated;
import dev.crm.events.v1.activity.PhoneCallDirection;
import dev.crm.platform.domain.DomainException.Kind;
import dev.crm.platform.security.Actor;
import dev.crm.timeline.domain.TimelineCommands.AssignActivity;
import dev.crm.timeline.domain.TimelineCommands.CancelActivity;
import dev.crm.timeline.domain.TimelineCommands.CompleteActivity;
import dev.crm.timeline.domain.TimelineCommands.CreateActivity;
import dev.crm.timeline.domain.TimelineCommands.UpdateActivity;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActivityTest {

    private static final String ID = "act-1";
    private static final Actor ALICE = new Actor("alice", false);
    private static final Actor BOB = new Actor("bob", false);
    private static final Actor MARIA = new Actor("maria", true);
    private static final Regarding OPPORTUNITY = new Regarding(RecordType.OPPORTUNITY, "opp-1");
    private static final Instant DUE = Instant.parse("2026-12-01T16:30:00Z");

    private AggregateTestFixture<Activity> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Activity.class);
    }

    private static ActivityDetails call(String subject) {
        return new ActivityDetails(
                subject,
                null,
                OPPORTUNITY,
                ActivityPriority.NORMAL,
                DUE,
                null,
                null,
                null,
                PhoneCallDirection.OUTGOING,
                "+33 1 23 45 67 89",
                null,
                null,
                null);
    }

    private static ActivityCreated created() {
        return new ActivityCreated(ID, ActivityType.PHONE_CALL, "alice", call("premier appel de Jon"));
    }

    @Test
    void createsAPhoneCallOwnedByTheCaller() {
        fixture.givenNoPriorActivity()
                .when(new CreateActivity(ID, ActivityType.PHONE_CALL, null, call("premier appel de Jon"), ALICE))
                .expectEvents(created());
    }

    @Test
    void salespersonCannotCreateAnActivityForAnotherOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateActivity(ID, ActivityType.TASK, "bob", task(), ALICE))
                .expectException(refused(Kind.FORBIDDEN, "sales-manager-only"));
    }

    @Test
    void managerCreatesAnActivityForAnotherOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateActivity(ID, ActivityType.TASK, "alice", task(), MARIA))
                .expectEvents(new ActivityCreated(ID, ActivityType.TASK, "alice", task()));
    }

    @Test
    void cannotCreateAnActivityWithoutSubjectOrRegarding() {
        fixture.givenNoPriorActivity()
                .when(new CreateActivity(ID, ActivityType.PHONE_CALL, null, call(" "), ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"));
        fixture.givenNoPriorActivity()
                .when(new CreateActivity(
                        ID,
                        ActivityType.TASK,
                        null,
                        new ActivityDetails(
                                "x", null, null, null, null, null, null, null, null, null, null, null, null),
                        ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"));
    }

    @Test
    void appointmentNeedsAStartBeforeItsEndAndNoPhoneFields() {
        ActivityDetails endsBeforeStart = new ActivityDetails(
                "visite",
                null,
                OPPORTUNITY,
                null,
                null,
                DUE,
                DUE.minusSeconds(60),
                "Paris",
                null,
                null,
                null,
                null,
                null);
        fixture.givenNoPriorActivity()
                .when(new CreateActivity(ID, ActivityType.APPOINTMENT, null, endsBeforeStart, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"));
        ActivityDetails withPhone = new ActivityDetails(
                "visite",
                null,
                OPPORTUNITY,
                null,
                null,
                DUE,
                DUE.plusSeconds(3600),
                "Paris",
                PhoneCallDirection.INCOMING,
                null,
                null,
                null,
                null);
        fixture.givenNoPriorActivity()
                .when(new CreateActivity(ID, ActivityType.APPOINTMENT, null, withPhone, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"));
    }

    @Test
    void taskCannotHaveEmailRecipients() {
        ActivityDetails details = new ActivityDetails(
                "relancer",
                null,
                OPPORTUNITY,
                null,
                DUE,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of("jon@doe.example"),
                null);
        fixture.givenNoPriorActivity()
                .when(new CreateActivity(ID, ActivityType.TASK, null, details, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"));
    }

    @Test
    void completesAPhoneCallAsMadeByDefault() {
        fixture.given(created())
                .when(new CompleteActivity(ID, null, null, ALICE))
                .expectEvents(new ActivityCompleted(ID, ActivityStatusReason.MADE));
    }

    @Test
    void completesAPhoneCallAsReceived() {
        fixture.given(created())
                .when(new CompleteActivity(ID, ActivityStatusReason.RECEIVED, null, ALICE))
                .expectEvents(new ActivityCompleted(ID, ActivityStatusReason.RECEIVED));
    }

    @Test
    void cannotCompleteAPhoneCallAsSent() {
        fixture.given(created())
                .when(new CompleteActivity(ID, ActivityStatusReason.SENT, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"));
    }

    @Test
    void completedActivityIsReadOnly() {
        fixture.given(created(), new ActivityCompleted(ID, ActivityStatusReason.MADE))
                .when(new UpdateActivity(ID, call("autre sujet"), null, ALICE))
                .expectException(refused(Kind.CONFLICT, "activity-read-only"));
        fixture.given(created(), new ActivityCompleted(ID, ActivityStatusReason.MADE))
                .when(new CancelActivity(ID, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "activity-read-only"));
        fixture.given(created(), new ActivityCanceled(ID))
                .when(new CompleteActivity(ID, null, null, ALICE))
                .expectException(refused(Kind.CONFLICT, "activity-read-only"));
    }

    @Test
    void cannotCompleteEditOrCancelAnotherUsersActivity() {
        fixture.given(created())
                .when(new CompleteActivity(ID, null, null, BOB))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"));
        fixture.given(created())
                .when(new UpdateActivity(ID, call("autre sujet"), null, BOB))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"));
        fixture.given(created())
                .when(new CancelActivity(ID, null, BOB))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"));
    }

    @Test
    void managerCompletesAnotherUsersActivity() {
        fixture.given(created())
                .when(new CompleteActivity(ID, null, null, MARIA))
                .expectEvents(new ActivityCompleted(ID, ActivityStatusReason.MADE));
    }

    @Test
    void updateNamesTheChangedFieldsAndSkipsNoChange() {
        ActivityDetails later = new ActivityDetails(
                "premier appel de Jon",
                null,
                OPPORTUNITY,
                ActivityPriority.NORMAL,
                DUE.plusSeconds(1800),
                null,
                null,
                null,
                PhoneCallDirection.OUTGOING,
                "+33 1 23 45 67 89",
                null,
                null,
                null);
        fixture.given(created())
                .when(new UpdateActivity(ID, later, null, ALICE))
                .expectEvents(new ActivityUpdated(ID, List.of("dueAt"), later));
        fixture.given(created())
                .when(new UpdateActivity(ID, call("premier appel de Jon"), null, ALICE))
                .expectNoEvents();
    }

    @Test
    void staleIfMatchIsRefused() {
        fixture.given(created())
                .when(new CancelActivity(ID, 3L, ALICE))
                .expectException(refused(Kind.CONFLICT, "stale-version"));
    }

    @Test
    void onlyAManagerAssignsAnActivity() {
        fixture.given(created())
                .when(new AssignActivity(ID, "bob", null, ALICE))
                .expectException(refused(Kind.FORBIDDEN, "sales-manager-only"));
        fixture.given(created())
                .when(new AssignActivity(ID, "bob", null, MARIA))
                .expectEvents(new ActivityAssigned(ID, "alice", "bob"));
    }

    private static ActivityDetails task() {
        return new ActivityDetails(
                "envoyer la brochure",
                null,
                OPPORTUNITY,
                ActivityPriority.HIGH,
                DUE,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void anOpenActivityAboutADeletedRecordIsCanceledAndAClosedOneStaysAsItIs() {
        fixture.given(created())
                .when(new TimelineCommands.CancelActivityOfDeletedRecord(ID))
                .expectEvents(new ActivityCanceled(ID));
        fixture.given(created(), new ActivityCompleted(ID, ActivityStatusReason.MADE))
                .when(new TimelineCommands.CancelActivityOfDeletedRecord(ID))
                .expectNoEvents();
        fixture.given(created(), new ActivityCanceled(ID))
                .when(new TimelineCommands.CancelActivityOfDeletedRecord(ID))
                .expectNoEvents();
    }
}

package dev.crm.timeline.domain;

import static dev.crm.testing.Refusals.refused;

import dev.crm.events.v1.RecordType;
import dev.crm.events.v1.Regarding;
import dev.crm.events.v1.note.NoteCreated;
import dev.crm.events.v1.note.NoteDeleted;
import dev.crm.events.v1.note.NoteUpdated;
import dev.crm.events.v1.notification.NotificationDismissed;
import dev.crm.platform.domain.DomainException.Kind;
import dev.crm.platform.security.Actor;
import dev.crm.timeline.domain.TimelineCommands.CreateNote;
import dev.crm.timeline.domain.TimelineCommands.DeleteNote;
import dev.crm.timeline.domain.TimelineCommands.DismissNotification;
import dev.crm.timeline.domain.TimelineCommands.UpdateNote;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class NoteTest {

    private static final String ID = "note-1";
    private static final Regarding LEAD = new Regarding(RecordType.LEAD, "lead-1");
    private static final Actor ALICE = new Actor("alice", false);
    private static final Actor BOB = new Actor("bob", false);
    private static final Actor MARIA = new Actor("maria", true);
    private static final NoteCreated CREATED = new NoteCreated(ID, "alice", LEAD, null, "Rencontré au salon");

    private final AggregateTestFixture<Note> fixture = new AggregateTestFixture<>(Note.class);

    @Test
    void writesANoteAuthoredByTheCaller() {
        fixture.givenNoPriorActivity()
                .when(new CreateNote(ID, LEAD, null, "Rencontré au salon", ALICE))
                .expectEvents(CREATED);
    }

    @Test
    void cannotWriteAnEmptyNote() {
        fixture.givenNoPriorActivity()
                .when(new CreateNote(ID, LEAD, "titre", "  ", ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"));
    }

    @Test
    void authorEditsTheirNote() {
        fixture.given(CREATED)
                .when(new UpdateNote(ID, "Salon", "Rappeler le 3", null, ALICE))
                .expectEvents(new NoteUpdated(ID, "Salon", "Rappeler le 3"));
    }

    @Test
    void anotherSalespersonCannotEditOrDeleteTheNote() {
        fixture.given(CREATED)
                .when(new UpdateNote(ID, null, "autre", null, BOB))
                .expectException(refused(Kind.FORBIDDEN, "not-author"));
        fixture.given(CREATED)
                .when(new DeleteNote(ID, null, BOB))
                .expectException(refused(Kind.FORBIDDEN, "not-author"));
    }

    @Test
    void managerDeletesAnyNote() {
        fixture.given(CREATED).when(new DeleteNote(ID, null, MARIA)).expectEvents(new NoteDeleted(ID));
    }

    @Test
    void deletedNoteCannotBeChangedOrDeletedAgain() {
        fixture.given(CREATED, new NoteDeleted(ID))
                .when(new UpdateNote(ID, null, "autre", null, ALICE))
                .expectException(refused(Kind.NOT_FOUND, "note-deleted"));
        fixture.given(CREATED, new NoteDeleted(ID))
                .when(new DeleteNote(ID, null, ALICE))
                .expectException(refused(Kind.NOT_FOUND, "note-deleted"));
    }

    @Test
    void dismissingANoticeTwiceRecordsItOnce() {
        AggregateTestFixture<UserNotifications> notifications = new AggregateTestFixture<>(UserNotifications.class);
        notifications
                .givenNoPriorActivity()
                .when(new DismissNotification("alice", "lead-1:3:alice"))
                .expectEvents(new NotificationDismissed("alice", "lead-1:3:alice"));
        notifications
                .given(new NotificationDismissed("alice", "lead-1:3:alice"))
                .when(new DismissNotification("alice", "lead-1:3:alice"))
                .expectNoEvents();
    }
}

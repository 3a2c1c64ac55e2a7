package dev.crm.timeline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crm.events.v1.RecordType;
import dev.crm.events.v1.Regarding;
import dev.crm.events.v1.activity.ActivityCompleted;
import dev.crm.events.v1.activity.ActivityCreated;
import dev.crm.events.v1.activity.ActivityDetails;
import dev.crm.events.v1.activity.ActivityPriority;
import dev.crm.events.v1.activity.ActivityState;
import dev.crm.events.v1.activity.ActivityStatusReason;
import dev.crm.events.v1.activity.ActivityType;
import dev.crm.events.v1.note.NoteCreated;
import dev.crm.events.v1.note.NoteDeleted;
import dev.crm.events.v1.note.NoteUpdated;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The folds of activity_view and note_view: each event in order, from the creation. */
class SnapshotFoldTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final Regarding LEAD = new Regarding(RecordType.LEAD, "l-1");

    @Test
    void anActivitysEventsInOrderGiveTheActivityAsItStands() {
        ActivityDetails call = new ActivityDetails(
                "Call Jane",
                null,
                LEAD,
                ActivityPriority.NORMAL,
                T0.plusSeconds(3600),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        ActivitySnapshot created = ActivitySnapshot.apply(
                null, new ActivityCreated("a-1", ActivityType.TASK, "alice", call), T0, "alice", 1);
        ActivitySnapshot done = ActivitySnapshot.apply(
                created, new ActivityCompleted("a-1", ActivityStatusReason.COMPLETED), T0.plusSeconds(60), "bob", 2);

        assertThat(created.state()).isEqualTo(ActivityState.OPEN);
        assertThat(done.state()).isEqualTo(ActivityState.COMPLETED);
        assertThat(done.closedBy()).isEqualTo("bob");
        assertThat(done.version()).isEqualTo(2);
        assertThat(ActivitySnapshot.apply(
                        created,
                        new ActivityCompleted("a-1", ActivityStatusReason.COMPLETED),
                        T0.plusSeconds(60),
                        "bob",
                        2))
                .isEqualTo(done);
    }

    @Test
    void aNotesEventsInOrderGiveTheNoteAsItStands() {
        NoteSnapshot note =
                NoteSnapshot.apply(null, new NoteCreated("n-1", "alice", LEAD, "Call", "Called her"), T0, "alice", 1);
        NoteSnapshot edited = NoteSnapshot.apply(
                note, new NoteUpdated("n-1", "Call", "Called her back"), T0.plusSeconds(5), "alice", 2);
        NoteSnapshot deleted = NoteSnapshot.apply(edited, new NoteDeleted("n-1"), T0.plusSeconds(9), "alice", 3);

        assertThat(edited.text()).isEqualTo("Called her back");
        assertThat(edited.deleted()).isFalse();
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.version()).isEqualTo(3);
    }

    @Test
    void aChangeBeforeTheCreationFailsInsteadOfBeingSkipped() {
        assertThatThrownBy(() -> ActivitySnapshot.apply(
                        null, new ActivityCompleted("a-1", ActivityStatusReason.COMPLETED), T0, "alice", 2))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> NoteSnapshot.apply(null, new NoteDeleted("n-1"), T0, "alice", 2))
                .isInstanceOf(RuntimeException.class);
    }
}

package dev.crm.timeline.query;

import dev.crm.events.v1.Regarding;
import dev.crm.events.v1.note.NoteCreated;
import dev.crm.events.v1.note.NoteDeleted;
import dev.crm.events.v1.note.NoteEvent;
import dev.crm.events.v1.note.NoteUpdated;
import java.time.Instant;

/** What a reader sees of a note: a pure fold over its events (read model and event store alike). */
public record NoteSnapshot(
        String id,
        String authorId,
        Regarding regarding,
        String title,
        String text,
        boolean deleted,
        Instant createdAt,
        Instant modifiedAt,
        String modifiedBy,
        long version) {

    public static NoteSnapshot apply(NoteSnapshot s, NoteEvent event, Instant time, String user, long version) {
        if (event instanceof NoteCreated e) {
            return new NoteSnapshot(
                    e.noteId(), e.authorId(), e.regarding(), e.title(), e.text(), false, time, time, user, version);
        }
        if (s == null) {
            throw new IllegalStateException("note " + event.noteId() + " changed before it was created");
        }
        if (event instanceof NoteUpdated e) {
            return new NoteSnapshot(
                    s.id, s.authorId, s.regarding, e.title(), e.text(), false, s.createdAt, time, user, version);
        }
        if (event instanceof NoteDeleted) {
            return new NoteSnapshot(
                    s.id, s.authorId, s.regarding, s.title, s.text, true, s.createdAt, time, user, version);
        }
        return new NoteSnapshot(
                s.id, s.authorId, s.regarding, s.title, s.text, s.deleted, s.createdAt, time, user, version);
    }
}

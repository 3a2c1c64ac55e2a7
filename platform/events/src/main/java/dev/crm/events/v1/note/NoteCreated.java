package dev.crm.events.v1.note;

import dev.crm.events.v1.Regarding;

/** A note on a record, written by {@code authorId}; {@code title} is optional. */
public record NoteCreated(String noteId, String authorId, Regarding regarding, String title, String text)
        implements NoteEvent {}

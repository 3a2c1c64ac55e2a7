package dev.crm.events.v1.note;

/** The note's title or text changed; both are the whole state after the change. */
public record NoteUpdated(String noteId, String title, String text) implements NoteEvent {}

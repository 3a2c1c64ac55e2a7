package dev.crm.events.v1.note;

/** The note was deleted: it leaves the timeline; its history keeps it. */
public record NoteDeleted(String noteId) implements NoteEvent {}

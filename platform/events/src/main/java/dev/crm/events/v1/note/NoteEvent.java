package dev.crm.events.v1.note;

import dev.crm.events.v1.CrmEvent;

/** An event of the Note aggregate, published on {@code crm.note.v1} keyed by {@link #noteId()}. */
public interface NoteEvent extends CrmEvent {
    String noteId();

    @Override
    default String aggregateId() {
        return noteId();
    }
}

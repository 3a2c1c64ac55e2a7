package dev.crm.timeline.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.crm.events.v1.note.NoteCreated;
import dev.crm.events.v1.note.NoteDeleted;
import dev.crm.events.v1.note.NoteUpdated;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.domain.DomainException.Kind;
import dev.crm.platform.domain.Versions;
import dev.crm.platform.security.Actor;
import dev.crm.timeline.domain.TimelineCommands.CreateNote;
import dev.crm.timeline.domain.TimelineCommands.DeleteNote;
import dev.crm.timeline.domain.TimelineCommands.UpdateNote;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * A note on a record. Its author or a sales manager edits or deletes it; deleting is an event, so the note's history
 * keeps what it said.
 */
public class Note {

    @AggregateIdentifier
    private String noteId;

    private String authorId;
    private String title;
    private String text;
    private boolean deleted;

    protected Note() {
        // for Axon
    }

    @CommandHandler
    public Note(CreateNote command) {
        ActivityRules.check(command.regarding());
        ActivityRules.checkNote(command.title(), command.text());
        apply(new NoteCreated(
                command.noteId(), command.actor().userId(), command.regarding(), command.title(), command.text()));
    }

    @CommandHandler
    public void handle(UpdateNote command) {
        requireChangeable(command.actor(), command.expectedVersion());
        ActivityRules.checkNote(command.title(), command.text());
        if (!Objects.equals(title, command.title()) || !Objects.equals(text, command.text())) {
            apply(new NoteUpdated(noteId, command.title(), command.text()));
        }
    }

    @CommandHandler
    public void handle(DeleteNote command) {
        requireChangeable(command.actor(), command.expectedVersion());
        apply(new NoteDeleted(noteId));
    }

    private void requireChangeable(Actor actor, Long expectedVersion) {
        if (deleted) {
            throw new DomainException(Kind.NOT_FOUND, "note-deleted", "Note " + noteId + " was deleted");
        }
        Versions.check(expectedVersion);
        if (!actor.manager() && !actor.userId().equals(authorId)) {
            throw new DomainException(
                    Kind.FORBIDDEN,
                    "not-author",
                    "Only the author of note " + noteId + " or a sales manager may change it");
        }
    }

    @EventSourcingHandler
    void on(NoteCreated event) {
        noteId = event.noteId();
        authorId = event.authorId();
        title = event.title();
        text = event.text();
    }

    @EventSourcingHandler
    void on(NoteUpdated event) {
        title = event.title();
        text = event.text();
    }

    @EventSourcingHandler
    void on(NoteDeleted event) {
        deleted = true;
    }
}

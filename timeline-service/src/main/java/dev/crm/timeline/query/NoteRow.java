package dev.crm.timeline.query;

import dev.crm.platform.query.Documents;
import dev.crm.platform.query.ViewRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code note_view}; its owner is the note's author. */
@Entity
@Table(name = "note_view")
public class NoteRow extends ViewRow<NoteSnapshot> {

    @Column(name = "regarding_type")
    public String regardingType;

    @Column(name = "regarding_id")
    public String regardingId;

    public boolean deleted;

    @Override
    protected Class<NoteSnapshot> snapshotType() {
        return NoteSnapshot.class;
    }

    @Override
    public void fill(NoteSnapshot s) {
        regardingType = s.regarding().type().name();
        regardingId = s.regarding().id();
        deleted = s.deleted();
        store(
                s,
                s.id(),
                s.authorId(),
                s.createdAt(),
                s.modifiedAt(),
                s.version(),
                Documents.searchText(s.title(), s.text()));
    }
}

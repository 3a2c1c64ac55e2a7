package dev.crm.timeline.query;

import dev.crm.events.v1.RecordType;

/** What the timeline knows of a lead, opportunity, contact or account: enough to show it beside an activity. */
public record RecordSummary(String id, RecordType type, String name, String ownerId, String state) {

    /** A lead deleted by reverting the import that made it. */
    public static final String DELETED = "DELETED";

    RecordSummary named(String newName) {
        return new RecordSummary(id, type, newName, ownerId, state);
    }

    RecordSummary ownedBy(String newOwner) {
        return new RecordSummary(id, type, name, newOwner, state);
    }

    RecordSummary inState(String newState) {
        return new RecordSummary(id, type, name, ownerId, newState);
    }
}

package dev.crm.lead.importing;

import dev.crm.events.v1.lead.LeadSource;
import dev.crm.platform.security.Actor;
import java.nio.file.Path;

/**
 * An accepted upload: the file (already opened and its columns checked, so that what cannot be imported at all was
 * refused with 400 before 202), whose leads go to {@code ownerId}, skipping duplicates or not.
 */
public record ImportJob(
        String importId,
        Actor actor,
        String ownerId,
        DuplicatePolicy policy,
        LeadSource leadSource,
        LeadColumns columns,
        RowSource rows,
        Path file) {

    /**
     * Where a resumed import starts: the first {@code rowsRead} rows were committed with their batches; rows in
     * {@code madeRows} (created one by one in a batch whose end was not committed) are counted as read, not created
     * again.
     */
    public record Resume(int rowsRead, java.util.Set<Integer> madeRows) {
        public static final Resume NONE = new Resume(0, java.util.Set.of());
    }

    /** CREATE every valid row, or SKIP the rows that match an existing lead (see {@link DuplicateKeys}). */
    public enum DuplicatePolicy {
        CREATE,
        SKIP
    }
}

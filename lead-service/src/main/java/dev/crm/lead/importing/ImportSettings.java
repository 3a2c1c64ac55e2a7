package dev.crm.lead.importing;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/** The settings of lead imports ({@code crm.import.*}); their values and why are in application.properties. */
@ConfigMapping(prefix = "crm.import")
public interface ImportSettings {

    /** The largest upload. */
    MemorySize maxFileSize();

    /** The most rows one import reads; the import ends FAILED after them (they are imported). */
    int maxRows();

    /** Leads created per transaction. */
    int batchSize();

    /** The currency of an amount whose row names none. */
    String defaultCurrency();

    /** How far an import may run ahead of the lead list. */
    Pacing pacing();

    interface Pacing {
        /** Batches an import may commit before the list shows the first of them; 0: no limit. */
        int batchesAhead();

        /** The longest one batch waits for the list. */
        java.time.Duration maxWait();
    }

    /**
     * How long an import (or its revert) stays with the instance running it without a renewal; renewed at a third of
     * it. After it lapses (the instance died) another instance resumes the import.
     */
    java.time.Duration lease();

    /** How often each instance looks for imports whose lease lapsed. */
    java.time.Duration leaseCheck();

    /** Zip-bomb guards of .xlsx files. */
    Xlsx xlsx();

    interface Xlsx {
        /** What one part of the workbook may unpack to. */
        MemorySize maxPartSize();

        /** What all its parts together may unpack to. */
        MemorySize maxUnpackedSize();
    }
}

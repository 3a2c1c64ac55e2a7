package dev.crm.platform.domain;

import org.axonframework.modelling.command.AggregateLifecycle;

/** API versions of aggregates: the number of events so far (Axon's own version is the last 0-based sequence). */
public final class Versions {

    /** The version of the aggregate whose command is being handled. */
    public static long current() {
        Long sequence = AggregateLifecycle.getVersion();
        return sequence == null ? 0 : sequence + 1;
    }

    /** Refuses with stale-version when the caller's If-Match names another version; null skips the check. */
    public static void check(Long expectedVersion) {
        long version = current();
        if (expectedVersion != null && expectedVersion != version) {
            throw DomainException.staleVersion(expectedVersion, version);
        }
    }

    private Versions() {}
}

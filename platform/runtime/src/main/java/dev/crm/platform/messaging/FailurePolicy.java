package dev.crm.platform.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one retry policy of everything that applies records or rows in the background (reactions, projections, the
 * importer), on Mutiny's retry with exponential backoff and jitter: a {@link Failures.Kind#TRANSIENT} failure is
 * retried for as long as it lasts, up to {@code crm.consumers.retry-horizon}; an {@link Failures.Kind#UNKNOWN} one
 * {@code crm.consumers.unknown-failure-attempts} times in all; a {@link Failures.Kind#POISON} one never. What is still
 * failing after that reaches the caller, which parks it with its reason (dead-letter topic, import error); nothing is
 * dropped. While the service stops, a transient failure ends the attempts at once with {@link LeftForNextStart}: the
 * work is neither acknowledged nor parked, and the next start does it.
 */
@ApplicationScoped
public class FailurePolicy {

    private static final Logger LOG = Logger.getLogger(FailurePolicy.class);

    @ConfigProperty(name = "crm.consumers.retry-horizon", defaultValue = "PT10M")
    Duration horizon;

    @ConfigProperty(name = "crm.consumers.unknown-failure-attempts", defaultValue = "5")
    int unknownAttempts;

    @ConfigProperty(name = "crm.consumers.first-backoff", defaultValue = "PT0.1S")
    Duration firstBackoff;

    @ConfigProperty(name = "crm.consumers.max-backoff", defaultValue = "PT5S")
    Duration maxBackoff;

    private volatile boolean stopping;

    /**
     * Subscribes to {@code attempt} again after each failure the policy retries. {@code what} names the work in the
     * log; {@code retryUnknown}: false where the caller has a better answer to an unknown failure than trying the same
     * again (a batch tries its records one by one).
     */
    public <T> Uni<T> retrying(String what, Supplier<Uni<T>> attempt, boolean retryUnknown) {
        Uni<T> tried = Uni.createFrom().deferred(() -> attempt.get());
        if (retryUnknown && unknownAttempts > 1) {
            tried = tried.onFailure(this::retriedAsUnknown)
                    .invoke(f -> LOG.warnf("%s failed (%s); tried again", what, Failures.reason(f)))
                    .onFailure(this::retriedAsUnknown)
                    .retry()
                    .withBackOff(firstBackoff, maxBackoff)
                    .withJitter(0.2)
                    .atMost(unknownAttempts - 1L);
        }
        return tried.onFailure(this::retriedAsTransient)
                .invoke(f -> LOG.warnf(
                        "%s met a transient failure (%s); retried" + " with backoff", what, Failures.reason(f)))
                .onFailure(this::retriedAsTransient)
                .retry()
                .withBackOff(firstBackoff, maxBackoff)
                .withJitter(0.2)
                .expireIn(horizon.toMillis())
                .onFailure(f -> stopping && Failures.classify(f) == Failures.Kind.TRANSIENT)
                .transform(LeftForNextStart::new);
    }

    private boolean retriedAsUnknown(Throwable failure) {
        return !stopping && Failures.classify(failure) == Failures.Kind.UNKNOWN;
    }

    private boolean retriedAsTransient(Throwable failure) {
        return !stopping && Failures.classify(failure) == Failures.Kind.TRANSIENT;
    }

    /** True once the service stops: the callers leave their work for the next start instead of waiting. */
    public boolean stopping() {
        return stopping;
    }

    /** First of the shutdown: from now on a transient failure ends the retries instead of waiting out the stop. */
    void stopping(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
    }

    /** Tests start the application again in the same JVM. */
    void started(@Observes StartupEvent event) {
        stopping = false;
    }

    /** A transient failure met while the service stops: the work is left for the next start, never parked. */
    public static final class LeftForNextStart extends RuntimeException {
        LeftForNextStart(Throwable cause) {
            super("left for the next start", cause, false, false);
        }
    }
}

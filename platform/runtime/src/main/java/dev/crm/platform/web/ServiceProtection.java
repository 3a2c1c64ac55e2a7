package dev.crm.platform.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.Principal;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jspecify.annotations.Nullable;

/**
 * Service protection limits, as Dynamics 365 sets them: per user, a budget of requests over a window (a token
 * bucket: the full budget at once, then refilled steadily) and a cap on requests in flight. Past either, 429
 * problem+json with Retry-After; other users are not affected. Counted per instance: with N replicas behind a
 * balancer a user gets up to N times the budget in all, each replica protecting itself.
 * <p>
 * Checked right after authentication (the user is known) and before the body is read, so that a throttled upload
 * is refused before it is received. Only {@code /api/} is limited; an anonymous request goes on to its 401.
 */
@ApplicationScoped
public class ServiceProtection {

    /** After Quarkus' authentication filter (order -200), before its authorization (-100) and body reading (-2). */
    static final int ORDER = -150;

    @Inject
    ProtectionSettings settings;

    @Inject
    MeterRegistry registry;

    private Cache<String, Budget> budgets;
    private Counter requestsRefused;
    private Counter concurrencyRefused;

    /** One user's bucket of requests and permits for requests in flight. */
    record Budget(Bucket requests, Semaphore inFlight) {}

    @PostConstruct
    void init() {
        // a user idle for two windows has a full bucket again: forgetting them loses nothing
        budgets = Caffeine.newBuilder()
                .expireAfterAccess(settings.window().multipliedBy(2))
                .maximumSize(200_000)
                .build();
        requestsRefused = Counter.builder("crm.http.throttled")
                .tag("limit", "requests")
                .description("Requests refused with 429: the user's request budget was spent")
                .register(registry);
        concurrencyRefused = Counter.builder("crm.http.throttled")
                .tag("limit", "concurrency")
                .description("Requests refused with 429: the user had too many requests in flight")
                .register(registry);
        Gauge.builder("crm.http.throttle.users", budgets, Cache::estimatedSize)
                .description("Users with a request budget in this instance")
                .register(registry);
    }

    void install(@Observes Router router) {
        if (settings.enabled()) {
            router.route().order(ORDER).handler(this::admit);
        }
    }

    private void admit(RoutingContext context) {
        String user = userOf(context);
        if (user == null || !context.request().path().startsWith("/api/")) {
            context.next();
            return;
        }
        Budget budget = budgets.get(user, this::budgetOf);
        if (!budget.inFlight().tryAcquire()) {
            concurrencyRefused.increment();
            refuse(
                    context,
                    1,
                    "You have " + limitsOf(user).concurrent + " requests in progress, the most this service"
                            + " takes from one user at once; retry when one has finished.");
            return;
        }
        ConsumptionProbe probe = budget.requests().tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            budget.inFlight().release();
            requestsRefused.increment();
            Limits limits = limitsOf(user);
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            refuse(
                    context,
                    seconds,
                    "You have made " + limits.requests + " requests in "
                            + settings.window().toMinutes()
                            + " minutes, the most this service takes from one user; retry in " + seconds + " s.");
            return;
        }
        context.addEndHandler(ended -> budget.inFlight().release());
        context.next();
    }

    private Budget budgetOf(String user) {
        Limits limits = limitsOf(user);
        Bucket bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(limits.requests).refillGreedy(limits.requests, settings.window()))
                .build();
        return new Budget(bucket, new Semaphore(limits.concurrent));
    }

    private record Limits(long requests, int concurrent) {}

    private Limits limitsOf(String user) {
        ProtectionSettings.UserLimits own = settings.users().get(user);
        return new Limits(
                own == null ? settings.requests() : own.requests().orElse(settings.requests()),
                own == null ? settings.concurrent() : own.concurrent().orElse(settings.concurrent()));
    }

    private static void refuse(RoutingContext context, long retryAfterSeconds, String detail) {
        context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        HttpGate.Problems.send(context, Problem.of(429, "too-many-requests", "Too Many Requests", detail));
    }

    /** The user id as the services know it: the token's subject. */
    private static @Nullable String userOf(RoutingContext context) {
        if (!(context.user() instanceof QuarkusHttpUser user)
                || user.getSecurityIdentity().isAnonymous()) {
            return null;
        }
        Principal principal = user.getSecurityIdentity().getPrincipal();
        return principal instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject()
                : principal.getName();
    }
}

package dev.crm.platform.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Service protection limits, per user and per service instance (each replica counts its own): a budget of requests
 * over a window and a cap on requests in flight. {@code users} raises or lowers them for named users (a load test's,
 * an integration's).
 */
@ConfigMapping(prefix = "crm.protection")
public interface ProtectionSettings {

    @WithDefault("true")
    boolean enabled();

    /** Requests a user may make in {@link #window()}; they come back steadily over it. */
    @WithDefault("6000")
    long requests();

    @WithDefault("5m")
    Duration window();

    /** Requests of one user in flight at once. */
    @WithDefault("52")
    int concurrent();

    Map<String, UserLimits> users();

    interface UserLimits {
        Optional<Long> requests();

        Optional<Integer> concurrent();
    }
}

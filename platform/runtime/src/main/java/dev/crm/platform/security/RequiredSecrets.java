package dev.crm.platform.security;

import dev.crm.platform.config.RequiredDataSource;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fails closed: outside dev and test a service does not start without the key that verifies bearer tokens. There is
 * no fallback to the development key, whose private half is in the repository (anyone could mint a manager's token).
 * Nor without its database settings ({@link RequiredDataSource}): no fallback to the development database.
 */
@ApplicationScoped
public class RequiredSecrets {

    /** Injected so that Quarkus validates it when configuration is read, before Flyway or a pool connects. */
    @Inject
    RequiredDataSource dataSource;

    static final String PUBLIC_KEY = "mp.jwt.verify.publickey.location";
    static final String PUBLIC_KEY_VARIABLE = "MP_JWT_VERIFY_PUBLICKEY_LOCATION";
    /** What the services' configuration says when the variable is absent (an empty value would fail less clearly). */
    static final String UNSET = "unset";

    void check(@Observes @jakarta.annotation.Priority(1) StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        check(ConfigProvider.getConfig());
    }

    static void check(Config config) {
        String location;
        try {
            location = config.getOptionalValue(PUBLIC_KEY, String.class).orElse(null);
        } catch (NoSuchElementException | IllegalArgumentException unexpandable) {
            location = null;
        }
        if (location == null || location.isBlank() || UNSET.equals(location)) {
            throw new IllegalStateException(
                    PUBLIC_KEY_VARIABLE + " is not set: outside dev and test a service needs the"
                            + " location of the public key that verifies bearer tokens (" + PUBLIC_KEY + "), e.g."
                            + " file:/etc/crm/jwt/publicKey.pem; it never falls back to the development key");
        }
    }
}

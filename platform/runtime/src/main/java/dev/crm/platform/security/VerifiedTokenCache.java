package dev.crm.platform.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Remembers tokens whose signature was verified, so that a client reusing its token (for hours, as clients do) does
 * not pay an RSA verification on every request: that was 13% of lead-service's CPU under load. The key is the whole
 * signed token, so only the very same bytes hit; expiry is checked on every hit; the cache is bounded. A token whose
 * subject is blank is refused here (the parser requires the claim, not a value).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    @Inject
    DefaultJWTParser delegate;

    @ConfigProperty(name = "crm.security.verified-token-cache-size", defaultValue = "10000")
    int capacity;

    private final Map<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken cached = verified.get(token);
        if (cached != null && !expired(cached)) {
            return cached;
        }
        if (cached != null) {
            verified.remove(token);
        }
        JsonWebToken fresh = delegate.parse(token);
        if (fresh.getSubject() == null || fresh.getSubject().isBlank()) {
            // the subject is the user id every record and event carries: a token must name someone
            throw new ParseException("The token's sub claim is blank");
        }
        if (capacity > 0) {
            if (verified.size() >= capacity) {
                verified.clear(); // crude but bounded; the working set refills on the next requests
            }
            verified.put(token, fresh);
        }
        return fresh;
    }

    private static boolean expired(JsonWebToken jwt) {
        return jwt.getExpirationTime() <= System.currentTimeMillis() / 1000;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}

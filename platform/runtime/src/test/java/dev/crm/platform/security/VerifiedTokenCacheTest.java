package dev.crm.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    /** Stands for the real parser: counts verifications; "bad" tokens fail; each token's exp is given by the test. */
    static class CountingParser extends DefaultJWTParser {
        final List<String> verified = new ArrayList<>();
        long expiresAt = System.currentTimeMillis() / 1000 + 3600;

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verified.add(token);
            if (token.startsWith("bad")) {
                throw new ParseException("signature does not match");
            }
            JwtClaims claims = new JwtClaims();
            claims.setSubject("alice");
            claims.setExpirationTime(NumericDate.fromSeconds(expiresAt));
            return new DefaultJWTCallerPrincipal(token, claims);
        }
    }

    private CountingParser parser;
    private VerifiedTokenCache cache;

    @BeforeEach
    void setUp() {
        parser = new CountingParser();
        cache = new VerifiedTokenCache();
        cache.delegate = parser;
        cache.capacity = 2;
    }

    @Test
    void aReusedTokenIsVerifiedOnce() throws ParseException {
        assertThat(cache.parse("token-a").getSubject()).isEqualTo("alice");
        assertThat(cache.parse("token-a").getSubject()).isEqualTo("alice");
        assertThat(parser.verified).containsExactly("token-a");
    }

    @Test
    void aTokenThatFailsIsNeverRemembered() {
        assertThatThrownBy(() -> cache.parse("bad-token")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> cache.parse("bad-token")).isInstanceOf(ParseException.class);
        assertThat(parser.verified).containsExactly("bad-token", "bad-token");
    }

    @Test
    void anExpiredTokenIsVerifiedAgainSoThatTheParserDecides() throws ParseException {
        parser.expiresAt = System.currentTimeMillis() / 1000 - 1;
        cache.parse("token-old");
        cache.parse("token-old");
        assertThat(parser.verified).containsExactly("token-old", "token-old");
    }

    @Test
    void theCacheStaysWithinItsCapacity() throws ParseException {
        cache.parse("token-1");
        cache.parse("token-2");
        cache.parse("token-3");
        cache.parse("token-1");
        assertThat(parser.verified).containsExactly("token-1", "token-2", "token-3", "token-1");
    }
}

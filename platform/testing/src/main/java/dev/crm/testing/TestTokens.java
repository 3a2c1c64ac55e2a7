package dev.crm.testing;

import io.smallrye.jwt.build.Jwt;

/** Bearer tokens for tests, signed with the key pair {@link CrmTestInfrastructure} made for this run. */
public final class TestTokens {

    public static final String ISSUER = "https://crm.dev/issuer";
    public static final String AUDIENCE = "crm";

    public static String salesperson(String user) {
        return token(user, "salesperson");
    }

    public static String manager(String user) {
        return token(user, "sales-manager");
    }

    public static String token(String user, String role) {
        return sign(Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(user)
                .upn(user)
                .groups(role)
                .issuedAt(java.time.Instant.now())
                .expiresIn(3600));
    }

    /** Signs any claims with this run's key: for tokens that bend a rule (no audience, a blank subject, a long life). */
    public static String sign(io.smallrye.jwt.build.JwtClaimsBuilder claims) {
        String key = System.getProperty(CrmTestInfrastructure.PRIVATE_KEY_PROPERTY);
        if (key == null) {
            throw new IllegalStateException(
                    "No test key: is the test annotated with @QuarkusTestResource(CrmTestInfrastructure.class)?");
        }
        return claims.jws().keyId("test").sign(key);
    }

    private TestTokens() {}
}

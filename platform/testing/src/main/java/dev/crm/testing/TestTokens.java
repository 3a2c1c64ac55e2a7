package dev.crm.testing;

import io.smallrye.jwt.build.Jwt;

/** Bearer tokens for tests, signed with the key pair {@link CrmTestInfrastructure} made for this run. */
public final class TestTokens {

    public static final String ISSUER = "https://crm.dev/issuer";

    public static String salesperson(String user) {
        return token(user, "salesperson");
    }

    public static String manager(String user) {
        return token(user, "sales-manager");
    }

    public static String token(String user, String role) {
        String key = System.getProperty(CrmTestInfrastructure.PRIVATE_KEY_PROPERTY);
        if (key == null) {
            throw new IllegalStateException("No test key: is the test annotated with @QuarkusTestResource(CrmTestInfrastructure.class)?");
        }
        return Jwt.issuer(ISSUER).subject(user).upn(user).groups(role).expiresIn(3600).jws().keyId("test").sign(key);
    }

    private TestTokens() {
    }
}

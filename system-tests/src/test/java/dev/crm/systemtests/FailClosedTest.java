package dev.crm.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crm.testing.CrmTestInfrastructure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outside dev and test a service refuses to start without the key that verifies bearer tokens or without its
 * database settings: the packaged application (production profile) exits, naming the setting, instead of falling back
 * to a development value.
 */
class FailClosedTest {

    private static final CrmTestInfrastructure INFRASTRUCTURE = new CrmTestInfrastructure();
    private static Map<String, String> infrastructure;

    @BeforeAll
    static void start() {
        infrastructure = INFRASTRUCTURE.start();
    }

    @AfterAll
    static void stop() {
        INFRASTRUCTURE.stop();
    }

    @Test
    void aServiceStartedWithoutThePublicKeyVariableExitsNamingIt() throws Exception {
        assertThat(logOfServiceStartedWithout("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "lead-service"))
                .contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION is not set");
    }

    @Test
    void aServiceStartedWithoutItsDatabaseUrlExitsNamingItBeforeConnecting() throws Exception {
        assertThat(logOfServiceStartedWithout("QUARKUS_DATASOURCE_JDBC_URL", "opportunity-service"))
                .contains("Could not expand value quarkus.datasource.jdbc.url")
                .doesNotContain("Flyway");
    }

    /** Starts the packaged service with its full environment but {@code variable}, and expects it to exit. */
    private static String logOfServiceStartedWithout(String variable, String module) throws Exception {
        Map<String, String> environment =
                ServiceProcess.environment(infrastructure, infrastructure.get("quarkus.datasource.jdbc.url"));
        assertThat(environment.remove(variable))
                .as(variable + " in the full environment")
                .isNotNull();
        ServiceProcess service = ServiceProcess.start(module, environment);
        int exit = service.awaitExit(Duration.ofSeconds(90));
        assertThat(exit).as("exit status").isNotZero();
        return service.logTail(200);
    }
}

package dev.crm.systemtests;

import dev.crm.testing.CrmTestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outside dev and test a service refuses to start without the key that verifies bearer tokens: the packaged
 * application (production profile) exits, naming the variable, instead of trusting the development key.
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
        Map<String, String> environment = ServiceProcess.environment(infrastructure,
                infrastructure.get("quarkus.datasource.jdbc.url"));
        environment.remove("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        ServiceProcess service = ServiceProcess.start("lead-service", environment);
        int exit = service.awaitExit(Duration.ofSeconds(90));
        assertThat(exit).as("exit status").isNotZero();
        assertThat(service.logTail(200)).contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION is not set");
    }
}

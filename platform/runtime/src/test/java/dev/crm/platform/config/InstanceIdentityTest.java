package dev.crm.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstanceIdentityTest {

    @Test
    void theDefaultIdNamesTheApplicationTheHostAndTheProcessNeverTheApplicationAlone() {
        assertThat(InstanceIdentity.defaultId("lead-service", "pod-7f9c", 1)).isEqualTo("lead-service-pod-7f9c-1");
        String here = InstanceIdentity.defaultId(
                "lead-service", InstanceIdentity.host(), ProcessHandle.current().pid());
        assertThat(here).startsWith("lead-service-").isNotEqualTo("lead-service");
    }

    @Test
    void twoProcessesOnOneHostGetTwoIds() {
        String host = InstanceIdentity.host();
        assertThat(InstanceIdentity.defaultId("lead-service", host, 100))
                .isNotEqualTo(InstanceIdentity.defaultId("lead-service", host, 101));
    }
}

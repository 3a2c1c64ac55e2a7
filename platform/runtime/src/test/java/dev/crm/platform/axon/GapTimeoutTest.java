package dev.crm.platform.axon;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GapTimeoutTest {

    @Test
    void aGapTimeoutAboveTwiceTheTransactionTimeoutStarts() {
        assertThatCode(() ->
                        AxonRuntime.requireGapTimeoutAboveTransactions(Duration.ofMinutes(2), Duration.ofSeconds(30)))
                .doesNotThrowAnyException();
        assertThatCode(() ->
                        AxonRuntime.requireGapTimeoutAboveTransactions(Duration.ofSeconds(14), Duration.ofSeconds(2)))
                .doesNotThrowAnyException();
    }

    @Test
    void aGapTimeoutAnAppendCouldOutliveStopsTheServiceNamingBothSettings() {
        assertThatThrownBy(() ->
                        AxonRuntime.requireGapTimeoutAboveTransactions(Duration.ofSeconds(60), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("crm.event-store.gap-timeout")
                .hasMessageContaining("quarkus.transaction-manager.default-transaction-timeout");
        assertThatThrownBy(() ->
                        AxonRuntime.requireGapTimeoutAboveTransactions(Duration.ofSeconds(69), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class);
    }
}

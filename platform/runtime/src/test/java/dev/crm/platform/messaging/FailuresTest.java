package dev.crm.platform.messaging;

import dev.crm.platform.domain.DomainException;
import io.vertx.core.impl.NoStackTraceThrowable;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures a consumer waits out (never dead-lettered) and which it parks. */
class FailuresTest {

    @Test
    void theReactivePoolClosingAsTheServiceStopsIsTransientNotPoison() {
        Throwable closing = new IllegalStateException("batch failed", new NoStackTraceThrowable("Pool closed"));
        assertThat(Failures.isUnavailable(closing)).isTrue();
        assertThat(Failures.isTransient(closing)).isTrue();
        assertThat(Failures.isPoison(closing)).isFalse();
    }

    @Test
    void noConnectionFromTheReactivePoolInTimeIsTransientNotPoison() {
        // what a projection met when every pooled connection was taken: it must wait, not dead-letter its batch
        Throwable exhausted = new RuntimeException(new NoStackTraceThrowable("Timeout"));
        assertThat(Failures.isUnavailable(exhausted)).isTrue();
        assertThat(Failures.isTransient(exhausted)).isTrue();
        assertThat(Failures.isPoison(exhausted)).isFalse();
    }

    @Test
    void anUnreachableDatabaseAndADeadlockAreTransient() {
        assertThat(Failures.isTransient(new RuntimeException(new ConnectException("refused")))).isTrue();
        assertThat(Failures.isTransient(new SQLException("deadlock", "40P01"))).isTrue();
    }

    @Test
    void aDomainRefusalIsPoisonAndAnUnknownFailureIsNeither() {
        assertThat(Failures.isPoison(new RuntimeException(DomainException.invalid("x", "bad")))).isTrue();
        Throwable other = new IllegalStateException("something else");
        assertThat(Failures.isTransient(other)).isFalse();
        assertThat(Failures.isPoison(other)).isFalse();
    }
}

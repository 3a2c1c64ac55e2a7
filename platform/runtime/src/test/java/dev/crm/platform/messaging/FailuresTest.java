package dev.crm.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crm.platform.domain.DomainException;
import dev.crm.platform.messaging.Failures.Kind;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The table of failures and their kind: what a consumer waits out, what it dead-letters at once, what it tries a few times. */
class FailuresTest {

    /** One row per SQL state of the table in docs/operations.md, met through the JDBC driver and the reactive client alike. */
    @ParameterizedTest(name = "SQL state {0} is {1}")
    @CsvSource({
        "08001, TRANSIENT", // cannot establish a connection
        "08006, TRANSIENT", // connection failure
        "53300, TRANSIENT", // too many connections (a role's connection limit, max_connections)
        "53200, TRANSIENT", // out of memory
        "53100, TRANSIENT", // disk full
        "57014, TRANSIENT", // statement timeout
        "57P01, TRANSIENT", // administrator shutdown
        "57P02, TRANSIENT", // crash shutdown
        "57P03, TRANSIENT", // cannot connect now
        "55P03, TRANSIENT", // lock not available
        "55006, TRANSIENT", // object in use
        "40001, TRANSIENT", // serialization failure
        "40P01, TRANSIENT", // deadlock
        "40003, TRANSIENT", // statement completion unknown
        "25P03, TRANSIENT", // idle in transaction timeout
        "22001, POISON", // value too long
        "22P02, POISON", // invalid text representation
        "22008, POISON", // datetime field overflow
        "23505, UNKNOWN", // unique violation: a bug or a writer this code does not expect
        "42P01, UNKNOWN", // undefined table
        "XX000, UNKNOWN"
    }) // internal error
    void sqlStatesHaveTheirKind(String state, Kind kind) {
        assertThat(Failures.classify(new IllegalStateException("wrapped", new SQLException("jdbc", state))))
                .isEqualTo(kind);
        assertThat(Failures.classify(new RuntimeException(new PgException("reactive", "ERROR", state, "detail"))))
                .isEqualTo(kind);
    }

    static Stream<Arguments> exceptions() {
        return Stream.of(
                Arguments.of(new PoisonMessageException("not a CloudEvent"), Kind.POISON),
                Arguments.of(new RuntimeException(DomainException.invalid("x", "bad")), Kind.POISON),
                Arguments.of(
                        new jakarta.validation.ConstraintViolationException("invalid", java.util.Set.of()),
                        Kind.POISON),
                // a domain refusal wins over a transient state further down (the refusal is the answer)
                Arguments.of(new PoisonMessageException("refused", new SQLException("x", "40001")), Kind.POISON),
                Arguments.of(new RuntimeException(new ConnectException("refused")), Kind.TRANSIENT),
                Arguments.of(
                        new SQLTransientConnectionException("Acquisition timeout while waiting for new connection"),
                        Kind.TRANSIENT),
                Arguments.of(new SQLException("Acquisition timeout while waiting for new connection"), Kind.TRANSIENT),
                Arguments.of(new RuntimeException(new NoStackTraceThrowable("Timeout")), Kind.TRANSIENT),
                Arguments.of(
                        new IllegalStateException("batch failed", new NoStackTraceThrowable("Pool closed")),
                        Kind.TRANSIENT),
                Arguments.of(new ConcurrencyException("another command changed the aggregate"), Kind.TRANSIENT),
                Arguments.of(new jakarta.persistence.OptimisticLockException("stale"), Kind.TRANSIENT),
                Arguments.of(new jakarta.persistence.LockTimeoutException("lock"), Kind.TRANSIENT),
                Arguments.of(new jakarta.persistence.QueryTimeoutException("timeout"), Kind.TRANSIENT),
                Arguments.of(new java.util.concurrent.TimeoutException("no answer"), Kind.TRANSIENT),
                Arguments.of(new IllegalStateException("something else"), Kind.UNKNOWN),
                Arguments.of(new NullPointerException(), Kind.UNKNOWN));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("exceptions")
    void exceptionsHaveTheirKind(Throwable failure, Kind kind) {
        assertThat(Failures.classify(failure)).isEqualTo(kind);
        assertThat(Failures.isPoison(failure)).isEqualTo(kind == Kind.POISON);
        assertThat(Failures.isTransient(failure)).isEqualTo(kind == Kind.TRANSIENT);
    }

    @Test
    void tooManyConnectionsIsAnUnavailableDatabaseForRequestsToo() {
        // a request meeting it answers 503 with Retry-After, like a refused connection
        assertThat(Failures.isUnavailable(new PgException("too many connections", "FATAL", "53300", null)))
                .isTrue();
        assertThat(Failures.isUnavailable(new SQLException("deadlock", "40P01")))
                .isFalse();
    }
}

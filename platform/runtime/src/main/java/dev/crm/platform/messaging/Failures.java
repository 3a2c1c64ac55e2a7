package dev.crm.platform.messaging;

import dev.crm.platform.domain.DomainException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Map;
import java.util.Optional;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * What a failure is, and so what a consumer does with the record that met it: a {@link Kind#POISON} record can never
 * apply and goes to the dead-letter topic at once; a {@link Kind#TRANSIENT} failure passes (the database or a
 * concurrent writer was in the way) and is retried for as long as it lasts; an {@link Kind#UNKNOWN} one is retried a
 * few times, then dead-lettered with its reason.
 */
public final class Failures {

    public enum Kind {
        POISON,
        TRANSIENT,
        UNKNOWN
    }

    /**
     * PostgreSQL SQL states by class (two characters) or full code, and what they mean for a record. Full codes win
     * over their class. Everything else is {@link Kind#UNKNOWN}.
     */
    static final Map<String, Kind> SQL_STATES = Map.ofEntries(
            Map.entry("08", Kind.TRANSIENT), // connection exception: refused, lost, failed to establish
            Map.entry(
                    "53",
                    Kind.TRANSIENT), // insufficient resources: 53300 too many connections, out of memory, disk full
            Map.entry("57014", Kind.TRANSIENT), // statement timeout or cancelled query
            Map.entry("57P01", Kind.TRANSIENT), // administrator shutdown (a restart, a failover)
            Map.entry("57P02", Kind.TRANSIENT), // crash shutdown
            Map.entry("57P03", Kind.TRANSIENT), // cannot connect now (starting, recovering)
            Map.entry("57P05", Kind.TRANSIENT), // idle session timeout
            Map.entry("55P03", Kind.TRANSIENT), // lock not available (lock_timeout)
            Map.entry("55006", Kind.TRANSIENT), // object in use
            Map.entry("40001", Kind.TRANSIENT), // serialization failure
            Map.entry("40P01", Kind.TRANSIENT), // deadlock detected
            Map.entry("40003", Kind.TRANSIENT), // statement completion unknown
            Map.entry("25P03", Kind.TRANSIENT), // idle in transaction session timeout
            Map.entry("22", Kind.POISON)); // data exception: the record's values cannot be stored, ever

    /** How {@code failure} (or its first cause that says) should be treated. */
    public static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PoisonMessageException
                    || t instanceof DomainException
                    || t instanceof jakarta.validation.ConstraintViolationException) {
                return Kind.POISON;
            }
        }
        if (isUnavailable(failure)) {
            return Kind.TRANSIENT;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Optional<Kind> bySqlState = sqlState(t).map(Failures::ofSqlState);
            if (bySqlState.isPresent() && bySqlState.get() != Kind.UNKNOWN) {
                return bySqlState.get();
            }
            if (t instanceof ConcurrencyException
                    || t instanceof SQLTransientException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.QueryTimeoutException
                    || t instanceof jakarta.persistence.OptimisticLockException
                    || t.getClass().getName().equals("org.hibernate.StaleObjectStateException")) {
                return Kind.TRANSIENT;
            }
        }
        return Kind.UNKNOWN;
    }

    static Kind ofSqlState(String state) {
        Kind kind = SQL_STATES.get(state);
        if (kind == null && state.length() >= 2) {
            kind = SQL_STATES.get(state.substring(0, 2));
        }
        return kind == null ? Kind.UNKNOWN : kind;
    }

    /** Can never succeed, whatever the retries: a malformed record, a domain refusal, invalid data. */
    public static boolean isPoison(Throwable failure) {
        return classify(failure) == Kind.POISON;
    }

    /** The database or a concurrent writer was in the way: the same record will succeed later. */
    public static boolean isTransient(Throwable failure) {
        return classify(failure) == Kind.TRANSIENT;
    }

    /** The database cannot be reached (refused, lost or timed-out connection, no connection to spare): a request answers 503, a consumer waits. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof java.net.SocketException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            String state = sqlState(t).orElse(null);
            if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))) {
                return true;
            }
            String name = t.getClass().getName();
            String message = String.valueOf(t.getMessage());
            // Agroal's pool and the reactive client have their own words for "no connection now"
            if (t instanceof SQLException && message.startsWith("Acquisition timeout")
                    || name.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || name.startsWith("io.netty.channel")
                    || name.endsWith("ConnectTimeoutException")
                    || name.equals("io.vertx.core.VertxException") && message.contains("closed")
                    // the reactive pool had no connection to give within its connect timeout
                    || name.equals("io.vertx.core.impl.NoStackTraceThrowable") && message.equals("Timeout")
                    // the reactive pool while the service stops: the record waits for the next start
                    || message.equals("Pool closed")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> sqlState(Throwable t) {
        String state = t instanceof SQLException sql
                ? sql.getSQLState()
                : t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState() : null;
        return Optional.ofNullable(state);
    }

    /** The innermost cause that explains the failure to an operator (a domain or poison reason when there is one). */
    public static Throwable reason(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof PoisonMessageException || t instanceof DomainException) {
                return t;
            }
            t = t.getCause();
        }
        return t;
    }

    private Failures() {}
}

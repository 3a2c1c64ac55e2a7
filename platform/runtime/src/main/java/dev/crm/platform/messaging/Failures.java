package dev.crm.platform.messaging;

import dev.crm.platform.domain.DomainException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/** How a consumer treats a failure: poison goes to the dead-letter topic at once, transient ones are retried. */
public final class Failures {

    /** SQL states of a serialisation failure or a deadlock: the same work succeeds when tried again. */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("40001", "40P01");

    /** Can never succeed, whatever the retries: a malformed record, a domain refusal, invalid data. */
    public static boolean isPoison(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PoisonMessageException || t instanceof DomainException
                    || t instanceof jakarta.validation.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    /** The database or a concurrent writer was in the way: the same record will succeed later. Never dead-lettered. */
    public static boolean isTransient(Throwable failure) {
        if (isUnavailable(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof SQLTransientException) {
                return true;
            }
            String state = sqlState(t);
            if (state != null && TRANSIENT_SQL_STATES.contains(state)) {
                return true;
            }
        }
        return false;
    }

    /** The database cannot be reached (refused, lost or timed-out connection): a request answers 503, a consumer waits. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof java.net.SocketException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            String state = sqlState(t);
            if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                return true;
            }
            String name = t.getClass().getName();
            String message = String.valueOf(t.getMessage());
            // Agroal's pool and the reactive client have their own words for "no connection now"
            if (t instanceof SQLException && message.startsWith("Acquisition timeout")
                    || name.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || name.startsWith("io.netty.channel") || name.endsWith("ConnectTimeoutException")
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

    private static String sqlState(Throwable t) {
        return t instanceof SQLException sql ? sql.getSQLState()
                : t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState() : null;
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

    private Failures() {
    }
}

package dev.crm.platform.messaging;

import dev.crm.platform.domain.DomainException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/** How a consumer treats a failure: poison goes to the dead-letter topic at once, transient ones are retried. */
public final class Failures {

    /** SQL states of a lost or refused connection (08), a serialisation failure or deadlock (40), an admin shutdown (57P). */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03");

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
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof SQLTransientException || t instanceof ConcurrencyException
                    || t instanceof java.net.SocketException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            String state = t instanceof SQLException sql ? sql.getSQLState()
                    : t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState() : null;
            if (state != null && (state.startsWith("08") || TRANSIENT_SQL_STATES.contains(state))) {
                return true;
            }
            String name = t.getClass().getName();
            // the reactive client's and Agroal's words for "no connection now"
            if (name.equals("io.vertx.core.VertxException") && String.valueOf(t.getMessage()).contains("closed")
                    || name.startsWith("io.netty.channel") || name.endsWith("ConnectTimeoutException")
                    || name.equals("io.vertx.sqlclient.ClosedConnectionException")) {
                return true;
            }
        }
        return false;
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

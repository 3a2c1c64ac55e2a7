package dev.crm.platform.query;

import io.quarkus.hibernate.orm.runtime.PersistenceUnitUtil;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.runtime.SessionOperations;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/** Read-model sessions (Hibernate Reactive) for requests, and read-model queries from blocking code. */
public final class ReadModels {

    /**
     * Runs {@code work} in a reactive session (Panache's, so that entity queries find it) and closes that session
     * itself when the work ends, fails or is cancelled. Panache alone closes the session it finds in the Vert.x
     * context current at the end; under load, with clients giving up on slow requests, sessions ended where it found
     * none, and each kept its pool connection until the pool was empty and every list and projection waited on it.
     */
    public static <T> Uni<T> session(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            if (SessionOperations.getCurrentSession(PersistenceUnitUtil.DEFAULT_PERSISTENCE_UNIT_NAME) != null) {
                return work.get(); // inside an open session: the one that opened it closes it
            }
            Context context = Vertx.currentContext();
            return Panache.withSession(() ->
                    Panache.getSession().chain(session -> work.get().eventually(() -> close(session, context))));
        });
    }

    /** On the session's own context: Hibernate Reactive refuses a session used from another thread. */
    private static Uni<Void> close(Mutiny.Session session, Context context) {
        if (!session.isOpen()) {
            return Uni.createFrom().voidItem();
        }
        if (context == null || Vertx.currentContext() == context) {
            return session.close();
        }
        return Uni.createFrom()
                .emitter(emitter -> context.runOnContext(
                        ignored -> session.close().subscribe().with(emitter::complete, emitter::fail)));
    }

    /** Runs {@code reads} on a Vert.x context and waits for them: call it from worker threads only. */
    public static <T> T await(Supplier<Uni<T>> reads) {
        try {
            return VertxContextSupport.subscribeAndAwait(reads);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private ReadModels() {}
}

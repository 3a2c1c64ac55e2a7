package dev.crm.platform.query;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/** Read-model sessions (Hibernate Reactive) for requests, and read-model queries from blocking code. */
public final class ReadModels {

    /**
     * Runs {@code work} in a reactive session that the caller's cancellation cannot cut short. A request is cancelled
     * when its client goes away (a timeout, a closed browser), and Hibernate Reactive can lose the pool connection of
     * a session cancelled while it acquires or uses one: enough of those and the pool is empty for good, every list
     * and every projection waiting on it. Here the work runs to its end and closes its session; a cancelled caller
     * only drops the answer.
     */
    public static <T> Uni<T> session(Supplier<Uni<T>> work) {
        return uncancellable(() -> Panache.withSession(work));
    }

    /** As {@link #session}, in a transaction. */
    public static <T> Uni<T> transaction(Supplier<Uni<T>> work) {
        return uncancellable(() -> Panache.withTransaction(work));
    }

    static <T> Uni<T> uncancellable(Supplier<Uni<T>> work) {
        // the inner subscription is the emitter's, not the caller's: a cancel upstream stops at the emitter
        return Uni.createFrom().emitter(emitter -> work.get().subscribe().with(emitter::complete, emitter::fail));
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

    private ReadModels() {
    }
}

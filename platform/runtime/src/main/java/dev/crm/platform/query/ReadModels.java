package dev.crm.platform.query;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/** Read-model queries (Hibernate Reactive) from blocking code, such as a command endpoint's checks. */
public final class ReadModels {

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

package dev.crm.lead.query;

import static org.awaitility.Awaitility.await;

import dev.crm.platform.query.ReadModels;
import dev.crm.testing.CrmTestInfrastructure;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * A read whose client goes away gives its pool connection back. The cancellation of a request can arrive on another
 * thread than the session's; a session left open there would hold its connection for the life of the process.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class ReadModelSessionTest {

    @Inject
    Vertx vertx;

    @Test
    void aReadCancelledFromAnotherThreadClosesItsSession() {
        AtomicReference<Mutiny.Session> opened = new AtomicReference<>();
        AtomicReference<Cancellable> read = new AtomicReference<>();
        Context request = VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(request, true);
        request.runOnContext(ignored -> read.set(ReadModels.session(() -> Panache.getSession()
                        .invoke(opened::set)
                        .chain(session -> session.createNativeQuery("select 1").getSingleResult())
                        .chain(one -> Uni.createFrom().nothing())) // still running when its client goes away
                .subscribe()
                .with(item -> {}, failure -> {})));
        await().atMost(Duration.ofSeconds(10)).until(() -> opened.get() != null && read.get() != null);

        read.get().cancel(); // from this test's thread, outside any Vert.x context

        await().atMost(Duration.ofSeconds(10)).until(() -> !opened.get().isOpen());
    }

    @Test
    void aReadInsideAnOpenSessionLeavesItOpenForItsOwner() {
        AtomicReference<Boolean> outerOpenAfterInner = new AtomicReference<>();
        Context request = VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(request, true);
        request.runOnContext(ignored -> ReadModels.session(() -> Panache.getSession()
                        .chain(outer -> ReadModels.session(() -> Panache.getSession())
                                .invoke(inner -> outerOpenAfterInner.set(outer == inner && outer.isOpen()))))
                .subscribe()
                .with(item -> {}, failure -> outerOpenAfterInner.set(false)));
        await().atMost(Duration.ofSeconds(10)).until(() -> outerOpenAfterInner.get() != null);
        org.assertj.core.api.Assertions.assertThat(outerOpenAfterInner.get()).isTrue();
    }
}

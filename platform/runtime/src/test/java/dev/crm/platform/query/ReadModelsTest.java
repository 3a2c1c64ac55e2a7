package dev.crm.platform.query;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A caller that goes away must not cut a read-model session short (its pool connection would be lost). */
class ReadModelsTest {

    @Test
    void aCancelledCallerLeavesTheWorkToRunToItsEnd() {
        CompletableFuture<String> database = new CompletableFuture<>();
        AtomicBoolean workCancelled = new AtomicBoolean();
        AtomicReference<String> workEnded = new AtomicReference<>();
        Uni<String> work = Uni.createFrom().completionStage(database)
                .onCancellation().invoke(() -> workCancelled.set(true))
                .invoke(workEnded::set);

        UniAssertSubscriber<String> caller = ReadModels.uncancellable(() -> work)
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        caller.cancel();
        database.complete("rows");

        assertThat(workCancelled).isFalse();
        assertThat(workEnded).hasValue("rows");
        assertThat(caller.getItem()).isNull();
    }

    @Test
    void theCallerGetsTheWorksAnswerAndItsFailure() {
        ReadModels.uncancellable(() -> Uni.createFrom().item("page"))
                .subscribe().withSubscriber(UniAssertSubscriber.create()).assertItem("page");
        ReadModels.uncancellable(() -> Uni.createFrom().<String>failure(new IllegalStateException("down")))
                .subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(IllegalStateException.class, "down");
    }
}

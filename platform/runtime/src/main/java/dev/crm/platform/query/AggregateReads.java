package dev.crm.platform.query;

import dev.crm.platform.axon.Applied;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * How a resource reads one aggregate type: its current state from the event store, and an answer to a command that
 * is delivered once this service's read model shows the command's result (read-your-writes for lists).
 */
public final class AggregateReads<S> {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AggregateReads.class);

    private final String type;
    private final EventHistory history;
    private final ProjectionProgress progress;
    private final EventHistory.Fold<S> fold;
    private final ToLongFunction<S> version;

    public AggregateReads(
            String type,
            EventHistory history,
            ProjectionProgress progress,
            EventHistory.Fold<S> fold,
            ToLongFunction<S> version) {
        this.type = type;
        this.history = history;
        this.progress = progress;
        this.fold = fold;
        this.version = version;
    }

    public S load(String id) {
        return history.current(type, id, fold);
    }

    /** The answer built now (a Location needs the request, gone when the wait ends), delivered without a blocked thread. */
    public <T> CompletionStage<T> settled(String id, Function<S, T> answer) {
        return answer(id, load(id), answer);
    }

    /**
     * The answer to a command from the state it started from ({@code before}, null for a creation) and the events it
     * applied: no read after the command. Should another writer's events have come in between, the stream is read.
     */
    public <T> CompletionStage<T> settled(String id, @Nullable S before, Applied applied, Function<S, T> answer) {
        long expected = before == null ? 0 : version.applyAsLong(before);
        boolean contiguous = applied.events().isEmpty()
                ? before != null
                : applied.events().get(0).getSequenceNumber() == expected;
        if (!contiguous) {
            LOG.debugf("%s %s: the command's events do not follow version %d; reading the stream", type, id, expected);
        }
        S after = contiguous ? EventHistory.fold(before, applied.events(), fold) : load(id);
        return answer(id, after, answer);
    }

    private <T> CompletionStage<T> answer(String id, S current, Function<S, T> answer) {
        T response = answer.apply(current);
        return progress.whenReached(id, version.applyAsLong(current)).thenApply(shown -> response);
    }
}

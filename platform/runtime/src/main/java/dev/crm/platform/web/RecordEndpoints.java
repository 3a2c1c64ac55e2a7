package dev.crm.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crm.platform.axon.Applied;
import dev.crm.platform.query.AggregateReads;
import dev.crm.platform.query.EventHistory;
import dev.crm.platform.query.ProjectionProgress;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * What every aggregate's REST resource does the same way, once: read one record from its events with its ETag, its
 * history, answer a command from the state it started from and the events it applied (after the read model shows
 * them), a JSON merge patch with If-Match and retry on a concurrent change, and reassignment. A resource keeps its
 * JAX-RS methods and its own rules, and delegates the rest here.
 *
 * @param <S> the snapshot a reader sees
 */
public final class RecordEndpoints<S> {

    /** The update command for a patched input, from the record's current state and the version it must still have. */
    @FunctionalInterface
    public interface UpdateCommand<S, I> {
        Object of(S current, I patched, long expectedVersion);
    }

    /** The reassignment command: new owner, and the version from If-Match (null: any). */
    @FunctionalInterface
    public interface AssignCommand {
        Object of(String ownerId, @Nullable Long expectedVersion);
    }

    private final String type;
    private final String basePath;
    private final EventHistory history;
    private final AggregateReads<S> reads;
    private final ToLongFunction<S> version;
    private final Function<S, ?> body;

    /**
     * {@code type}: the aggregate type in the event store; {@code basePath}: e.g. {@code /api/v1/contacts};
     * {@code body}: the response body for a snapshot.
     */
    public RecordEndpoints(
            String type,
            String basePath,
            EventHistory history,
            ProjectionProgress progress,
            EventHistory.Fold<S> fold,
            ToLongFunction<S> version,
            Function<S, ?> body) {
        this.type = type;
        this.basePath = basePath;
        this.history = history;
        this.reads = new AggregateReads<>(type, history, progress, fold, version);
        this.version = version;
        this.body = body;
    }

    public S load(String id) {
        return reads.load(id);
    }

    public boolean exists(String id) {
        return history.exists(type, id);
    }

    public Response get(String id) {
        return respond(load(id));
    }

    public List<EventHistory.Entry> history(String id) {
        return history.history(type, id);
    }

    public Response respond(S record) {
        return Response.ok(body.apply(record))
                .tag(ETags.of(version.applyAsLong(record)))
                .build();
    }

    /** 201 with Location, ETag and the new record, from the creation's events alone. */
    public CompletionStage<Response> created(String id, Applied creation) {
        return reads.settled(
                id,
                null,
                creation,
                record -> Response.created(URI.create(basePath + "/" + id))
                        .tag(ETags.of(version.applyAsLong(record)))
                        .entity(body.apply(record))
                        .build());
    }

    /** 200 with the record after a command that started from {@code before}. */
    public CompletionStage<Response> answered(String id, S before, Applied applied) {
        return reads.settled(id, before, applied, this::respond);
    }

    /** Any answer built from the record after a command that started from {@code before}. */
    public <T> CompletionStage<T> answered(String id, S before, Applied applied, Function<S, T> answer) {
        return reads.settled(id, before, applied, answer);
    }

    /**
     * A JSON merge patch on the record's input form, validated like a create body. With If-Match a stale version is
     * the caller's 409; without it a concurrent change makes the patch re-read and apply again (a few times).
     */
    public <I> CompletionStage<Response> patch(
            String id,
            String ifMatch,
            JsonNode patch,
            MergePatch<I> mergePatch,
            Validator validator,
            Function<S, I> toInput,
            UpdateCommand<S, I> update,
            RequestCommands commands) {
        Long expected = ETags.expectedVersion(ifMatch);
        return MergePatch.retryingStale(expected, () -> {
            S current = load(id);
            I patched = mergePatch.apply(toInput.apply(current), patch, validator);
            Object command = update.of(current, patched, expected != null ? expected : version.applyAsLong(current));
            return answered(id, current, commands.apply(command));
        });
    }

    /** Gives the record to another owner (the resource restricts it to sales managers). */
    public CompletionStage<Response> assign(
            String id, String ifMatch, String ownerId, AssignCommand assign, RequestCommands commands) {
        S current = load(id);
        return answered(id, current, commands.apply(assign.of(ownerId.strip(), ETags.expectedVersion(ifMatch))));
    }

    /**
     * 201 for a part added to the record by {@code command} (a stakeholder, a competitor): Location
     * {@code basePath/id/part}, the record's new ETag, and {@code body} of the record after.
     */
    public CompletionStage<Response> partAdded(
            String id, String part, Object command, RequestCommands commands, Function<S, ?> body) {
        S before = load(id);
        return answered(
                id,
                before,
                commands.apply(command),
                record -> Response.created(URI.create(basePath + "/" + id + "/" + part))
                        .tag(ETags.of(version.applyAsLong(record)))
                        .entity(body.apply(record))
                        .build());
    }

    /** 200 with {@code body} of the record after {@code command} changed one of its parts, and its new ETag. */
    public CompletionStage<Response> partChanged(
            String id, Object command, RequestCommands commands, Function<S, ?> body) {
        S before = load(id);
        return answered(
                id,
                before,
                commands.apply(command),
                record -> Response.ok(body.apply(record))
                        .tag(ETags.of(version.applyAsLong(record)))
                        .build());
    }

    /** 204 with the record's new ETag after {@code command} removed one of its parts. */
    public CompletionStage<Response> partRemoved(String id, Object command, RequestCommands commands) {
        S before = load(id);
        return answered(
                id,
                before,
                commands.apply(command),
                record -> Response.noContent()
                        .tag(ETags.of(version.applyAsLong(record)))
                        .build());
    }

    /** 200 with the record after a command that did not need its state first. */
    public CompletionStage<Response> afterCommand(String id, Object command, RequestCommands commands) {
        S current = load(id);
        return answered(id, current, commands.apply(command));
    }
}

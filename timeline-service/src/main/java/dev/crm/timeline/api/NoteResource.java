package dev.crm.timeline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crm.events.v1.Regarding;
import dev.crm.events.v1.note.NoteEvent;
import dev.crm.platform.axon.Applied;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.query.EventHistory;
import dev.crm.platform.query.Listing;
import dev.crm.platform.security.Actor;
import dev.crm.platform.security.CurrentUser;
import dev.crm.platform.web.ETags;
import dev.crm.platform.web.Inputs;
import dev.crm.platform.web.MergePatch;
import dev.crm.platform.web.RecordEndpoints;
import dev.crm.platform.web.RequestCommands;
import dev.crm.timeline.api.TimelineResponses.Note;
import dev.crm.timeline.domain.TimelineCommands;
import dev.crm.timeline.query.ActivityQueries;
import dev.crm.timeline.query.NoteSnapshot;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path(NoteResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@Tag(name = "Notes")
@SecurityRequirement(name = "jwt")
public class NoteResource {

    static final String BASE = "/api/v1/notes";
    static final String TYPE = "Note";

    private static final Map<String, String> SET_ELSEWHERE =
            Map.of("authorId", "it is the note's writer", "regarding", "a note stays on its record");
    private static final MergePatch<TimelineRequests.NoteInput> PATCH =
            new MergePatch<>(TimelineRequests.NoteInput.class, "note", SET_ELSEWHERE);

    @Inject
    RequestCommands commands;

    @Inject
    CurrentUser user;

    @Inject
    ActivityQueries queries;

    @Inject
    TimelineReads reads;

    @Inject
    Validator validator;

    private RecordEndpoints<NoteSnapshot> notes;

    @PostConstruct
    void init() {
        notes = reads.endpoints(
                TYPE,
                BASE,
                (state, event, time, actingUser, version) ->
                        NoteSnapshot.apply(state, (NoteEvent) event, time, actingUser, version),
                NoteSnapshot::version,
                NoteSnapshot::regarding,
                Note::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Write a note on a lead, opportunity, contact or account")
    @Blocking
    public CompletionStage<Response> create(@Valid @NotNull TimelineRequests.CreateNote request) {
        Regarding regarding = request.regarding.toRegarding();
        reads.requireKnown(regarding);
        String id = UUID.randomUUID().toString();
        Applied created = commands.apply(new TimelineCommands.CreateNote(
                id, regarding, Inputs.clean(request.title), request.text, user.actor()));
        return notes.created(id, created);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One note, always current (read from its events); a deleted note is 404 note-deleted")
    public Response get(@PathParam("id") String id) {
        NoteSnapshot note = notes.load(id);
        requireNotDeleted(note);
        return notes.respond(note);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every event of the note, oldest first, its deletion included")
    public List<EventHistory.Entry> history(@PathParam("id") String id) {
        return notes.history(id);
    }

    @GET
    @Operation(
            summary = "List the notes of a record (regardingType, regardingId) or of an author, newest first; paging")
    public Uni<Listing.Page<Note>> list(
            @Parameter(description = "LEAD, OPPORTUNITY, CONTACT or ACCOUNT") @QueryParam("regardingType")
                    String regardingType,
            @QueryParam("regardingId") String regardingId,
            @QueryParam("authorId") String authorId,
            @Parameter(description = "0-based", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
                    @QueryParam("page")
                    String page,
            @Parameter(description = "1 to 200", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
                    @QueryParam("size")
                    String size,
            @Parameter(description = Listing.COUNT_DESCRIPTION) @QueryParam("count") String count) {
        Listing.Paging paging = Listing.Paging.of(page, size, count);
        return queries.notes(regardingType, regardingId, authorId, paging)
                .chain(result ->
                        reads.named(result, n -> Stream.of(n.regarding().id()), Note::of));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change a note's title or text (its author or a sales manager); If-Match is honoured")
    @Blocking
    public CompletionStage<Response> patch(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull JsonNode patch) {
        return notes.patch(
                id,
                ifMatch,
                patch,
                PATCH,
                validator,
                current -> {
                    requireNotDeleted(current);
                    TimelineRequests.NoteInput input = new TimelineRequests.NoteInput();
                    input.title = current.title();
                    input.text = current.text();
                    return input;
                },
                (current, patched, expected) -> new TimelineCommands.UpdateNote(
                        id, Inputs.clean(patched.title), patched.text, expected, user.actor()),
                commands);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a note (its author or a sales manager): it leaves the timeline, its history keeps it")
    @Blocking
    public CompletionStage<Response> delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return notes.partRemoved(
                id, new TimelineCommands.DeleteNote(id, ETags.expectedVersion(ifMatch), user.actor()), commands);
    }

    private static void requireNotDeleted(NoteSnapshot note) {
        if (note.deleted()) {
            throw new DomainException(
                    DomainException.Kind.NOT_FOUND,
                    "note-deleted",
                    "Note " + note.id() + " was deleted; its history is at " + BASE + "/" + note.id() + "/history");
        }
    }
}

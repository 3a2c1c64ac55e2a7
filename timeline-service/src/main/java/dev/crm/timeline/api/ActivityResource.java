package dev.crm.timeline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crm.events.v1.activity.ActivityDetails;
import dev.crm.events.v1.activity.ActivityEvent;
import dev.crm.platform.axon.Applied;
import dev.crm.platform.query.EventHistory;
import dev.crm.platform.query.Listing;
import dev.crm.platform.security.Actor;
import dev.crm.platform.security.CurrentUser;
import dev.crm.platform.web.AssignRequest;
import dev.crm.platform.web.ETags;
import dev.crm.platform.web.Inputs;
import dev.crm.platform.web.MergePatch;
import dev.crm.platform.web.RecordEndpoints;
import dev.crm.platform.web.RequestCommands;
import dev.crm.timeline.api.TimelineResponses.Activity;
import dev.crm.timeline.domain.TimelineCommands;
import dev.crm.timeline.query.ActivityQueries;
import dev.crm.timeline.query.ActivitySnapshot;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path(ActivityResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@Tag(name = "Activities")
@SecurityRequirement(name = "jwt")
public class ActivityResource {

    static final String BASE = "/api/v1/activities";
    static final String TYPE = "Activity";

    private static final Map<String, String> SET_ELSEWHERE = Map.ofEntries(
            Map.entry("type", "it never changes; create another activity"),
            Map.entry("ownerId", "use /assign"),
            Map.entry("state", "use /complete or /cancel"),
            Map.entry("statusReason", "use /complete or /cancel"),
            Map.entry("closedAt", "it is set by completing or cancelling"),
            Map.entry("closedBy", "it is set by completing or cancelling"));
    private static final MergePatch<ActivityInput> PATCH =
            new MergePatch<>(ActivityInput.class, "activity", SET_ELSEWHERE);

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

    private RecordEndpoints<ActivitySnapshot> activities;

    @PostConstruct
    void init() {
        activities = reads.endpoints(
                TYPE,
                BASE,
                (state, event, time, actingUser, version) ->
                        ActivitySnapshot.apply(state, (ActivityEvent) event, time, actingUser, version),
                ActivitySnapshot::version,
                s -> s.details().regarding(),
                Activity::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create a phone call, task, e-mail or appointment about a lead, opportunity, contact or account")
    @Blocking
    public CompletionStage<Response> create(@Valid @NotNull TimelineRequests.CreateActivity request) {
        ActivityDetails details = request.toDetails();
        reads.requireKnown(details.regarding());
        String id = UUID.randomUUID().toString();
        Applied created = commands.apply(new TimelineCommands.CreateActivity(
                id, request.type, Inputs.clean(request.ownerId), details, user.actor()));
        return activities.created(id, created);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One activity, always current (read from its events), with the record it is about")
    public Response get(@PathParam("id") String id) {
        return activities.get(id);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every event of the activity, oldest first")
    public List<EventHistory.Entry> history(@PathParam("id") String id) {
        return activities.history(id);
    }

    @GET
    @Operation(
            summary =
                    "List activities: views my-open, overdue, all; filters regardingType, regardingId, type, state, ownerId; q; sort; paging")
    public Uni<Listing.Page<Activity>> list(
            @Parameter(description = "my-open (mine, open), overdue (open and past due), all (default)")
                    @QueryParam("view")
                    String view,
            @QueryParam("q") String text,
            @QueryParam("type") String type,
            @QueryParam("state") String state,
            @QueryParam("ownerId") String ownerId,
            @Parameter(description = "LEAD, OPPORTUNITY, CONTACT or ACCOUNT") @QueryParam("regardingType")
                    String regardingType,
            @QueryParam("regardingId") String regardingId,
            @QueryParam("sort") String sort,
            @Parameter(description = "0-based", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
                    @QueryParam("page")
                    String page,
            @Parameter(description = "1 to 200", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
                    @QueryParam("size")
                    String size,
            @Parameter(description = Listing.COUNT_DESCRIPTION) @QueryParam("count") String count) {
        Listing.Paging paging = Listing.Paging.of(page, size, count);
        ActivityQueries.Filter filter = new ActivityQueries.Filter(
                view, user.userId(), Instant.now(), text, type, state, ownerId, regardingType, regardingId);
        return queries.activities(filter, sort, paging)
                .chain(result -> reads.named(
                        result, a -> Stream.of(a.details().regarding().id()), Activity::of));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change an open activity with a JSON merge patch (RFC 7386); If-Match is honoured")
    @Blocking
    public CompletionStage<Response> patch(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull JsonNode patch) {
        return activities.patch(
                id,
                ifMatch,
                patch,
                PATCH,
                validator,
                current -> ActivityInput.from(current.details()),
                (current, patched, expected) -> {
                    ActivityDetails details = patched.toDetails();
                    if (!Objects.equals(details.regarding(), current.details().regarding())) {
                        reads.requireKnown(details.regarding());
                    }
                    return new TimelineCommands.UpdateActivity(id, details, expected, user.actor());
                },
                commands);
    }

    @POST
    @Path("/{id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Complete the activity (a phone call as MADE or RECEIVED, an e-mail as SENT or RECEIVED); it becomes read-only")
    @Blocking
    public CompletionStage<Response> complete(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid TimelineRequests.Complete request) {
        return activities.afterCommand(
                id,
                new TimelineCommands.CompleteActivity(
                        id,
                        request == null ? null : request.statusReason(),
                        ETags.expectedVersion(ifMatch),
                        user.actor()),
                commands);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel the activity; it becomes read-only")
    @Blocking
    public CompletionStage<Response> cancel(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return activities.afterCommand(
                id, new TimelineCommands.CancelActivity(id, ETags.expectedVersion(ifMatch), user.actor()), commands);
    }

    @POST
    @Path("/{id}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.SALES_MANAGER)
    @Operation(summary = "Give the open activity to another owner (sales managers only)")
    @Blocking
    public CompletionStage<Response> assign(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull AssignRequest request) {
        return activities.assign(
                id,
                ifMatch,
                request.ownerId(),
                (owner, expected) -> new TimelineCommands.AssignActivity(id, owner, expected, user.actor()),
                commands);
    }
}

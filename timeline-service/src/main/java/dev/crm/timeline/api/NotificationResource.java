package dev.crm.timeline.api;

import dev.crm.platform.domain.DomainException;
import dev.crm.platform.query.Listing;
import dev.crm.platform.query.ProjectionProgress;
import dev.crm.platform.query.ReadModels;
import dev.crm.platform.security.Actor;
import dev.crm.platform.security.CurrentUser;
import dev.crm.platform.web.RequestCommands;
import dev.crm.timeline.api.TimelineResponses.Notification;
import dev.crm.timeline.domain.TimelineCommands;
import dev.crm.timeline.query.NotificationQueries;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's assistant: their open activities due today or overdue, then their notices. An activity is due today
 * from the start of its due day in the caller's time zone, and overdue from its due time; completing or cancelling it
 * removes it. A notice stays until dismissed.
 */
@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@Tag(name = "Notifications")
@SecurityRequirement(name = "jwt")
public class NotificationResource {

    @Inject
    CurrentUser user;

    @Inject
    NotificationQueries notifications;

    @Inject
    TimelineReads reads;

    @Inject
    RequestCommands commands;

    @Inject
    ProjectionProgress progress;

    @ConfigProperty(name = "crm.timeline.time-zone")
    String defaultZone;

    @GET
    @Operation(
            summary =
                    "My notifications: open activities I own due today or overdue (oldest due first), then my notices (newest first)")
    public Uni<Listing.Page<Notification>> list(
            @Parameter(
                            description =
                                    "IANA time zone that decides what \"today\" is, e.g. Europe/Paris; default the service's (UTC)")
                    @QueryParam("zone")
                    String zone,
            @Parameter(description = "0-based", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
                    @QueryParam("page")
                    String page,
            @Parameter(description = "1 to 200", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "50"))
                    @QueryParam("size")
                    String size) {
        ZoneId zoneId = zone(zone == null || zone.isBlank() ? defaultZone : zone);
        Listing.Paging paging = Listing.Paging.of(page, size == null ? "50" : size);
        Instant now = Instant.now();
        Instant endOfDay = LocalDate.ofInstant(now, zoneId)
                .plusDays(1)
                .atStartOfDay(zoneId)
                .toInstant();
        return notifications
                .forUser(user.userId(), now, endOfDay, paging.page(), paging.size())
                .chain(result -> reads.named(
                        result,
                        item -> Stream.of(
                                item.recordId(),
                                item.activity() == null
                                        ? null
                                        : item.activity().details().regarding().id()),
                        Notification::of));
    }

    @POST
    @Path("/{id}/dismiss")
    @Operation(summary = "Dismiss one of my notices (a due activity leaves when it is completed or cancelled)")
    @Blocking
    public CompletionStage<Response> dismiss(@PathParam("id") String id) {
        if (id.startsWith(NotificationQueries.ACTIVITY_PREFIX)) {
            throw new DomainException(
                    DomainException.Kind.CONFLICT,
                    "activity-notification",
                    "A due activity's notification leaves when the activity is completed or cancelled",
                    Map.of("activityId", id.substring(NotificationQueries.ACTIVITY_PREFIX.length())));
        }
        String userId = user.userId();
        if (!ReadModels.await(() -> notifications.isNoticeOf(userId, id))) {
            throw DomainException.notFound("Notification", id);
        }
        var applied = commands.apply(new TimelineCommands.DismissNotification(userId, id));
        long version = applied.events().isEmpty()
                ? 0
                : applied.events().get(applied.events().size() - 1).getSequenceNumber() + 1;
        return (version == 0
                        ? java.util.concurrent.CompletableFuture.completedFuture(true)
                        : progress.whenReached(userId, version))
                .thenApply(ignored -> Response.noContent().build());
    }

    private static ZoneId zone(String zone) {
        try {
            return ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            throw dev.crm.platform.domain.DomainException.invalid("zone", "not a time zone: " + zone);
        }
    }
}

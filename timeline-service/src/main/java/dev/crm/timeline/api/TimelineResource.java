package dev.crm.timeline.api;

import dev.crm.events.v1.RecordType;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.query.Listing;
import dev.crm.platform.security.Actor;
import dev.crm.timeline.api.TimelineResponses.TimelineItem;
import dev.crm.timeline.query.TimelineQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/timeline")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@Tag(name = "Timeline")
@SecurityRequirement(name = "jwt")
public class TimelineResource {

    @Inject
    TimelineQueries timelines;

    @Inject
    TimelineReads reads;

    @GET
    @Path("/{recordType}/{recordId}")
    @Operation(
            summary =
                    "A record's timeline, newest first: its notes, activities and business events; an opportunity's also shows its lead's notes and activities, a contact's and an account's those of their leads and opportunities")
    public Uni<Listing.Page<TimelineItem>> timeline(
            @Parameter(description = "lead, opportunity, contact or account") @PathParam("recordType")
                    String recordType,
            @PathParam("recordId") String recordId,
            @Parameter(description = "comma-separated: EVENT, NOTE, PHONE_CALL, TASK, EMAIL, APPOINTMENT")
                    @QueryParam("kind")
                    String kind,
            @Parameter(description = "0-based", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
                    @QueryParam("page")
                    String page,
            @Parameter(description = "1 to 200", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
                    @QueryParam("size")
                    String size) {
        RecordType type = recordType(recordType);
        Listing.Paging paging = Listing.Paging.of(page, size);
        List<String> kinds = kind == null ? List.of() : Arrays.asList(kind.split(","));
        return timelines.typeOf(recordId).chain(known -> {
            if (known != null && known != type) {
                throw DomainException.notFound(label(type), recordId);
            }
            return timelines
                    .timeline(recordId, kinds, paging.page(), paging.size())
                    .chain(result -> {
                        if (known == null && result.totalItems() == 0) {
                            throw DomainException.notFound(label(type), recordId);
                        }
                        return reads.named(result, e -> Stream.of(e.recordId, e.relatedId), TimelineItem::of);
                    });
        });
    }

    private static RecordType recordType(String value) {
        try {
            return RecordType.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("recordType", "must be one of lead, opportunity, contact, account");
        }
    }

    private static String label(RecordType type) {
        String name = type.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}

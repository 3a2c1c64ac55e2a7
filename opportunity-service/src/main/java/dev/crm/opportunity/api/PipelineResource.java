package dev.crm.opportunity.api;

import dev.crm.opportunity.query.PipelineReports;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.security.Actor;
import dev.crm.platform.web.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/pipeline")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@Tag(name = "Pipeline")
@SecurityRequirement(name = "jwt")
public class PipelineResource {

    @Inject
    PipelineReports reports;

    @GET
    @Operation(
            summary =
                    "The pipeline per stage (count, estimated and weighted revenue per currency), won and lost, win rate; now or as of any past instant")
    public Uni<PipelineReports.Report> pipeline(
            @Parameter(description = "an instant (2026-12-01T16:30:00Z) or a date (its start, UTC); absent: now")
                    @QueryParam("asOf")
                    String asOf,
            @QueryParam("ownerId") String ownerId,
            @Parameter(description = "inclusive; the estimated close date of open ones, the actual one of closed ones")
                    @QueryParam("closeDateFrom")
                    String closeDateFrom,
            @Parameter(description = "inclusive") @QueryParam("closeDateTo") String closeDateTo) {
        Instant at = QueryParams.instant("asOf", asOf);
        if (at != null && at.isAfter(Instant.now())) {
            throw DomainException.invalid("asOf", "must not be in the future");
        }
        String owner = ownerId == null || ownerId.isBlank() ? null : ownerId.strip();
        return reports.report(new PipelineReports.Criteria(
                at,
                owner,
                QueryParams.date("closeDateFrom", closeDateFrom),
                QueryParams.date("closeDateTo", closeDateTo)));
    }
}

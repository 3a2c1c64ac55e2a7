package dev.crm.lead.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crm.events.v1.lead.LeadEvent;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.lead.api.LeadResponses.Lead;
import dev.crm.lead.domain.Commands;
import dev.crm.lead.query.LeadQueries;
import dev.crm.lead.query.LeadSnapshot;
import dev.crm.lead.query.OpportunityReplicator;
import dev.crm.platform.axon.Applied;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.query.EventHistory;
import dev.crm.platform.query.Listing;
import dev.crm.platform.query.ProjectionProgress;
import dev.crm.platform.query.ReadModels;
import dev.crm.platform.query.Stakeholder;
import dev.crm.platform.security.Actor;
import dev.crm.platform.security.CurrentUser;
import dev.crm.platform.web.AssignRequest;
import dev.crm.platform.web.ETags;
import dev.crm.platform.web.Inputs;
import dev.crm.platform.web.MergePatch;
import dev.crm.platform.web.RecordEndpoints;
import dev.crm.platform.web.RequestCommands;
import dev.crm.platform.web.StakeholderRequests;
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
import jakarta.ws.rs.PUT;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/leads")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@Tag(name = "Leads")
@SecurityRequirement(name = "jwt")
public class LeadResource {

    /** Fields a merge patch may not touch, with the operation that changes them (and the system fields, for every record). */
    private static final MergePatch<LeadInput> PATCH = new MergePatch<>(
            LeadInput.class,
            "lead",
            Map.ofEntries(
                    Map.entry("state", "use /qualify, /disqualify or /reactivate"),
                    Map.entry(
                            "statusReason",
                            "use /status-reason (NEW, CONTACTED), /qualify, /disqualify or /reactivate"),
                    Map.entry("ownerId", "use /assign"),
                    Map.entry("stakeholders", "use /stakeholders"),
                    Map.entry("qualification", "use /qualify")));

    @Inject
    RequestCommands commands;

    @Inject
    CurrentUser user;

    @Inject
    EventHistory history;

    @Inject
    ProjectionProgress progress;

    @Inject
    LeadQueries queries;

    @Inject
    Validator validator;

    @Inject
    QualificationPlanner planner;

    @Inject
    OpportunityReplicator opportunities;

    private RecordEndpoints<LeadSnapshot> leads;

    @PostConstruct
    void init() {
        leads = new RecordEndpoints<>(
                "Lead",
                "/api/v1/leads",
                history,
                progress,
                (state, event, time, user, version) ->
                        LeadSnapshot.apply(state, (LeadEvent) event, time, user, version),
                LeadSnapshot::version,
                Lead::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Capture a lead (only topic and lastName are required)")
    @Blocking
    public CompletionStage<Response> create(@Valid @NotNull CreateLeadRequest request) {
        String leadId = UUID.randomUUID().toString();
        Applied created = commands.apply(
                new Commands.CreateLead(leadId, Inputs.clean(request.ownerId), request.toDetails(), user.actor()));
        return leads.created(leadId, created);
    }

    @GET
    @Path("/{id}")
    @Operation(
            summary =
                    "One lead, always current (read from its events); a lead deleted by reverting its import is 404 lead-deleted")
    public Response get(@PathParam("id") String id) {
        LeadSnapshot lead = leads.load(id);
        if (lead.deleted()) {
            throw new DomainException(
                    DomainException.Kind.NOT_FOUND,
                    "lead-deleted",
                    "Lead " + id
                            + " was deleted when import " + lead.importId()
                            + " was reverted; its history is at /api/v1/leads/"
                            + id + "/history");
        }
        return leads.respond(lead);
    }

    @GET
    @Operation(summary = "List leads: views my-open, open, closed, all; text search q; filters; sort; paging")
    public Uni<Listing.Page<Lead>> list(
            @QueryParam("view") String view,
            @QueryParam("q") String text,
            @QueryParam("state") String state,
            @QueryParam("statusReason") String statusReason,
            @QueryParam("ownerId") String ownerId,
            @QueryParam("rating") String rating,
            @QueryParam("leadSource") String leadSource,
            @QueryParam("companyName") String companyName,
            @Parameter(description = "the leads one import made") @QueryParam("importId") String importId,
            @QueryParam("sort") String sort,
            @Parameter(description = "0-based", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
                    @QueryParam("page")
                    String page,
            @Parameter(description = "1 to 200", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
                    @QueryParam("size")
                    String size,
            @Parameter(description = Listing.COUNT_DESCRIPTION) @QueryParam("count") String count) {
        Listing.Paging paging = Listing.Paging.of(page, size, count);
        LeadQueries.Filter filter = new LeadQueries.Filter(
                view,
                user.userId(),
                text,
                state,
                statusReason,
                ownerId,
                rating,
                leadSource,
                companyName,
                Inputs.clean(importId));
        // the leads of an import are listed to those who may see the import itself
        Uni<Void> allowed = filter.importId() == null
                ? Uni.createFrom().voidItem()
                : ReadModels.session(() -> LeadImportResource.visibleTo(user.actor(), filter.importId(), "importId"))
                        .replaceWithVoid();
        return allowed.chain(() -> queries.list(filter, sort, paging)).map(result -> result.map(Lead::of));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change an open lead with a JSON merge patch (RFC 7386); If-Match is honoured")
    @Blocking
    public CompletionStage<Response> patch(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull JsonNode patch) {
        return leads.patch(
                id,
                ifMatch,
                patch,
                PATCH,
                validator,
                current -> LeadInput.from(current.details()),
                (current, patched, expected) ->
                        new Commands.UpdateLead(id, patched.toDetails(), expected, user.actor()),
                commands);
    }

    @POST
    @Path("/{id}/qualify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Qualify an open lead into a contact, an account (when it has a company) and an opportunity")
    @Blocking
    public CompletionStage<LeadResponses.Qualified> qualify(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @Valid LeadRequests.Qualify request) {
        LeadRequests.Qualify q = request == null ? LeadRequests.Qualify.DEFAULTS : request;
        String existingContactId = Inputs.clean(q.existingContactId());
        String existingAccountId = Inputs.clean(q.existingAccountId());
        LeadSnapshot current = leads.load(id);
        QualificationPlanner.Plan plan = planner.plan(current, q, existingContactId, existingAccountId, user.actor());
        Applied qualified = commands.apply(new Commands.QualifyLead(
                id,
                Inputs.orTrue(q.createContact()),
                Inputs.orTrue(q.createAccount()),
                Inputs.orTrue(q.createOpportunity()),
                existingContactId,
                existingAccountId,
                plan.fillFrom(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                ETags.expectedVersion(ifMatch),
                user.actor()));
        LeadQualified event = (LeadQualified) qualified.result();
        return leads.answered(
                id,
                current,
                qualified,
                lead -> new LeadResponses.Qualified(
                        id,
                        event.contactId(),
                        event.newContact(),
                        event.accountId(),
                        event.newAccount(),
                        event.opportunityId(),
                        lead.version(),
                        plan.notFilled()));
    }

    @POST
    @Path("/{id}/disqualify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Disqualify an open lead (reason LOST by default); it becomes read-only. Refused while an opportunity made from it is open")
    @Blocking
    public CompletionStage<Response> disqualify(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid LeadRequests.Disqualify request) {
        // read before the command, on this worker thread: an opportunity unknown here yet counts as open
        java.util.Map<String, Long> closed = ReadModels.await(() -> opportunities.closedOpportunitiesOf(id));
        return leads.afterCommand(
                id,
                new Commands.DisqualifyLead(
                        id,
                        request == null ? null : request.reason(),
                        closed,
                        ETags.expectedVersion(ifMatch),
                        user.actor()),
                commands);
    }

    @POST
    @Path("/{id}/status-reason")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mark an open lead CONTACTED, or back NEW")
    @Blocking
    public CompletionStage<Response> statusReason(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull LeadRequests.ChangeStatusReason request) {
        return leads.afterCommand(
                id,
                new Commands.ChangeLeadStatusReason(
                        id, request.statusReason(), ETags.expectedVersion(ifMatch), user.actor()),
                commands);
    }

    @POST
    @Path("/{id}/reactivate")
    @Operation(summary = "Reopen a qualified or disqualified lead as OPEN/NEW, editable again")
    @Blocking
    public CompletionStage<Response> reactivate(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return leads.afterCommand(
                id, new Commands.ReactivateLead(id, ETags.expectedVersion(ifMatch), user.actor()), commands);
    }

    @POST
    @Path("/{id}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.SALES_MANAGER)
    @Operation(summary = "Give the lead to another owner (sales managers only)")
    @Blocking
    public CompletionStage<Response> assign(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull AssignRequest request) {
        return leads.assign(
                id,
                ifMatch,
                request.ownerId(),
                (owner, expected) -> new Commands.AssignLead(id, owner, expected, user.actor()),
                commands);
    }

    @GET
    @Path("/{id}/stakeholders")
    @Operation(summary = "The lead's connections (contacts with a role)")
    public List<Stakeholder> stakeholders(@PathParam("id") String id) {
        return leads.load(id).stakeholders();
    }

    @POST
    @Path("/{id}/stakeholders")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Connect a contact to the lead (role STAKEHOLDER by default)")
    @Blocking
    public CompletionStage<Response> addStakeholder(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull StakeholderRequests.AddStakeholder request) {
        String contactId = request.contactId().strip();
        return leads.partAdded(
                id,
                "stakeholders/" + contactId,
                new Commands.AddLeadStakeholder(
                        id, contactId, request.role(), ETags.expectedVersion(ifMatch), user.actor()),
                commands,
                LeadSnapshot::stakeholders);
    }

    @PUT
    @Path("/{id}/stakeholders/{contactId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the role of a connected contact")
    @Blocking
    public CompletionStage<Response> changeStakeholderRole(
            @PathParam("id") String id,
            @PathParam("contactId") String contactId,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull StakeholderRequests.ChangeStakeholderRole request) {
        return leads.partChanged(
                id,
                new Commands.ChangeLeadStakeholderRole(
                        id, contactId, request.role(), ETags.expectedVersion(ifMatch), user.actor()),
                commands,
                LeadSnapshot::stakeholders);
    }

    @DELETE
    @Path("/{id}/stakeholders/{contactId}")
    @Operation(summary = "Disconnect a contact from the lead")
    @Blocking
    public CompletionStage<Response> removeStakeholder(
            @PathParam("id") String id,
            @PathParam("contactId") String contactId,
            @HeaderParam("If-Match") String ifMatch) {
        return leads.partRemoved(
                id,
                new Commands.RemoveLeadStakeholder(id, contactId, ETags.expectedVersion(ifMatch), user.actor()),
                commands);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every event of the lead, oldest first: type, time, acting user, data")
    public List<EventHistory.Entry> history(@PathParam("id") String id) {
        return leads.history(id);
    }
}

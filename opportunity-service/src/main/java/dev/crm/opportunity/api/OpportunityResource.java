package dev.crm.opportunity.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.events.v1.opportunity.OpportunityEvent;
import dev.crm.opportunity.api.OpportunityResponses.Opportunity;
import dev.crm.opportunity.api.OpportunityResponses.Process;
import dev.crm.opportunity.domain.OpportunityCommands;
import dev.crm.opportunity.query.CustomerReplica;
import dev.crm.opportunity.query.Customers;
import dev.crm.opportunity.query.OpportunityQueries;
import dev.crm.opportunity.query.OpportunitySnapshot;
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
import dev.crm.platform.web.QueryParams;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path(OpportunityResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@Tag(name = "Opportunities")
@SecurityRequirement(name = "jwt")
public class OpportunityResource {

    static final String BASE = "/api/v1/opportunities";
    static final String TYPE = "Opportunity";

    /** Fields a merge patch may not touch, with the operation that changes them (and the system fields, for every record). */
    private static final Map<String, String> SET_ELSEWHERE = Map.ofEntries(
            Map.entry("stage", "use /process/next-stage or /process/previous-stage"),
            Map.entry("processFinished", "use /process/finish"),
            Map.entry("state", "use /win, /lose or /reopen"),
            Map.entry("statusReason", "use /status-reason, /win or /lose"),
            Map.entry("actualRevenue", "use /win or /lose"),
            Map.entry("actualCloseDate", "use /win or /lose"),
            Map.entry("closeRecords", "use /win or /lose"),
            Map.entry("ownerId", "use /assign"),
            Map.entry("stakeholders", "use /stakeholders"),
            Map.entry("competitors", "use /competitors"),
            Map.entry("originatingLeadId", "it is set when a lead is qualified"));

    private static final MergePatch<OpportunityInput> PATCH =
            new MergePatch<>(OpportunityInput.class, "opportunity", SET_ELSEWHERE);
    private static final MergePatch<ProcessStepsInput> STEPS_PATCH = new MergePatch<>(
            ProcessStepsInput.class,
            "sales-process step",
            Map.of("stage", "use /process/next-stage or /process/previous-stage"));

    @Inject
    RequestCommands commands;

    @Inject
    CurrentUser user;

    @Inject
    EventHistory history;

    @Inject
    ProjectionProgress progress;

    @Inject
    OpportunityQueries queries;

    @Inject
    Customers customers;

    @Inject
    Validator validator;

    private RecordEndpoints<OpportunitySnapshot> opportunities;
    /** The same records, answered as their sales process. */
    private RecordEndpoints<OpportunitySnapshot> processes;

    @PostConstruct
    void init() {
        EventHistory.Fold<OpportunitySnapshot> fold = (state, event, time, user, version) ->
                OpportunitySnapshot.apply(state, (OpportunityEvent) event, time, user, version);
        opportunities = new RecordEndpoints<>(
                TYPE, BASE, history, progress, fold, OpportunitySnapshot::version, Opportunity::of);
        processes =
                new RecordEndpoints<>(TYPE, BASE, history, progress, fold, OpportunitySnapshot::version, Process::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an opportunity: a name and a customer (accountId and/or contactId)")
    @Blocking
    public CompletionStage<Response> create(@Valid @NotNull CreateOpportunityRequest request) {
        OpportunityDetails details = request.toDetails();
        requireKnownCustomer(details, null);
        String id = UUID.randomUUID().toString();
        Applied created = commands.apply(new OpportunityCommands.CreateOpportunity(
                id, Inputs.clean(request.ownerId), details, null, null, List.of(), user.actor()));
        return opportunities.created(id, created);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One opportunity, always current (read from its events)")
    public Response get(@PathParam("id") String id) {
        return opportunities.get(id);
    }

    @GET
    @Operation(
            summary =
                    "List opportunities: views my-open, open, won, lost, closed, all; text search q; filters; sort; paging")
    public Uni<Listing.Page<Opportunity>> list(
            @QueryParam("view") String view,
            @QueryParam("q") String text,
            @QueryParam("state") String state,
            @QueryParam("stage") String stage,
            @QueryParam("ownerId") String ownerId,
            @QueryParam("accountId") String accountId,
            @QueryParam("contactId") String contactId,
            @QueryParam("originatingLeadId") String originatingLeadId,
            @QueryParam("forecastCategory") String forecastCategory,
            @Parameter(description = "inclusive; the actual close date of closed ones, the estimated one of open ones")
                    @QueryParam("closeDateFrom")
                    String closeDateFrom,
            @Parameter(description = "inclusive") @QueryParam("closeDateTo") String closeDateTo,
            @QueryParam("sort") String sort,
            @Parameter(description = "0-based", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
                    @QueryParam("page")
                    String page,
            @Parameter(description = "1 to 200", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
                    @QueryParam("size")
                    String size,
            @Parameter(description = Listing.COUNT_DESCRIPTION) @QueryParam("count") String count) {
        Listing.Paging paging = Listing.Paging.of(page, size, count);
        OpportunityQueries.Filter filter = new OpportunityQueries.Filter(
                view,
                user.userId(),
                text,
                state,
                stage,
                ownerId,
                accountId,
                contactId,
                originatingLeadId,
                forecastCategory,
                QueryParams.date("closeDateFrom", closeDateFrom),
                QueryParams.date("closeDateTo", closeDateTo));
        return queries.list(filter, sort, paging).map(result -> result.map(Opportunity::of));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change an open opportunity with a JSON merge patch (RFC 7386); If-Match is honoured")
    @Blocking
    public CompletionStage<Response> patch(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull JsonNode patch) {
        return opportunities.patch(
                id,
                ifMatch,
                patch,
                PATCH,
                validator,
                current -> OpportunityInput.from(current.details()),
                (current, patched, expected) -> {
                    OpportunityDetails details = patched.toDetails();
                    requireKnownCustomer(details, current.details());
                    return new OpportunityCommands.UpdateOpportunity(id, details, expected, user.actor());
                },
                commands);
    }

    @POST
    @Path("/{id}/status-reason")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Put an open opportunity ON_HOLD, or back IN_PROGRESS")
    @Blocking
    public CompletionStage<Response> statusReason(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull OpportunityRequests.ChangeStatusReason request) {
        return opportunities.afterCommand(
                id,
                new OpportunityCommands.ChangeOpportunityStatusReason(
                        id, request.statusReason(), ETags.expectedVersion(ifMatch), user.actor()),
                commands);
    }

    @POST
    @Path("/{id}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.SALES_MANAGER)
    @Operation(summary = "Give the opportunity to another owner (sales managers only)")
    @Blocking
    public CompletionStage<Response> assign(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull AssignRequest request) {
        return opportunities.assign(
                id,
                ifMatch,
                request.ownerId(),
                (owner, expected) -> new OpportunityCommands.AssignOpportunity(id, owner, expected, user.actor()),
                commands);
    }

    // --- the sales process -------------------------------------------------------------------------------------

    @GET
    @Path("/{id}/process")
    @Operation(summary = "The sales process: stages in order, the active one, each step with its value and completion")
    public Response process(@PathParam("id") String id) {
        return processes.get(id);
    }

    @PATCH
    @Path("/{id}/process/steps")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(
            summary =
                    "Set step values with a JSON merge patch of step names, e.g. {\"customerNeed\": \"...\", \"identifyStakeholders\": true}")
    @Blocking
    public CompletionStage<Response> patchSteps(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull JsonNode patch) {
        return processes.patch(
                id,
                ifMatch,
                patch,
                STEPS_PATCH,
                validator,
                current -> ProcessStepsInput.from(current.details(), current.steps()),
                (current, patched, expected) -> {
                    OpportunityDetails details = patched.toDetails(current.details());
                    requireKnownCustomer(details, current.details());
                    return new OpportunityCommands.UpdateOpportunitySteps(
                            id, details, patched.toSteps(), expected, user.actor());
                },
                commands);
    }

    @POST
    @Path("/{id}/process/next-stage")
    @Operation(summary = "Move to the next stage (its default probability and forecast category take effect)")
    @Blocking
    public CompletionStage<Response> nextStage(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return processes.afterCommand(
                id, new OpportunityCommands.AdvanceStage(id, ETags.expectedVersion(ifMatch), user.actor()), commands);
    }

    @POST
    @Path("/{id}/process/previous-stage")
    @Operation(summary = "Move back a stage (recorded; resumes a finished process)")
    @Blocking
    public CompletionStage<Response> previousStage(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return processes.afterCommand(
                id, new OpportunityCommands.MoveStageBack(id, ETags.expectedVersion(ifMatch), user.actor()), commands);
    }

    @POST
    @Path("/{id}/process/finish")
    @Operation(summary = "Finish the sales process (only at its last stage, CLOSE)")
    @Blocking
    public CompletionStage<Response> finish(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return processes.afterCommand(
                id, new OpportunityCommands.FinishProcess(id, ETags.expectedVersion(ifMatch), user.actor()), commands);
    }

    // --- closing ---------------------------------------------------------------------------------------------------

    @POST
    @Path("/{id}/win")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Close as won (actual revenue: the estimated one by default; close date: today); read-only until reopened")
    @Blocking
    public CompletionStage<Response> win(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid OpportunityRequests.Win request) {
        OpportunityRequests.Win w = request == null ? OpportunityRequests.Win.DEFAULTS : request;
        return opportunities.afterCommand(
                id,
                new OpportunityCommands.WinOpportunity(
                        id,
                        Inputs.MoneyInput.toMoney(w.actualRevenue()),
                        w.closeDate(),
                        Inputs.clean(w.description()),
                        today(),
                        ETags.expectedVersion(ifMatch),
                        user.actor()),
                commands);
    }

    @POST
    @Path("/{id}/lose")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Close as lost (reason CANCELED by default, or OUT_SOLD; the competitor who won it); read-only until reopened")
    @Blocking
    public CompletionStage<Response> lose(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid OpportunityRequests.Lose request) {
        OpportunityRequests.Lose l = request == null ? OpportunityRequests.Lose.DEFAULTS : request;
        return opportunities.afterCommand(
                id,
                new OpportunityCommands.LoseOpportunity(
                        id,
                        l.reason(),
                        Inputs.clean(l.competitor()),
                        Inputs.MoneyInput.toMoney(l.actualRevenue()),
                        l.closeDate(),
                        Inputs.clean(l.description()),
                        today(),
                        ETags.expectedVersion(ifMatch),
                        user.actor()),
                commands);
    }

    @POST
    @Path("/{id}/reopen")
    @Operation(summary = "Reopen a won or lost opportunity as OPEN/IN_PROGRESS, editable again")
    @Blocking
    public CompletionStage<Response> reopen(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return opportunities.afterCommand(
                id,
                new OpportunityCommands.ReopenOpportunity(id, ETags.expectedVersion(ifMatch), user.actor()),
                commands);
    }

    // --- stakeholders and competitors ----------------------------------------------------------------------------

    @GET
    @Path("/{id}/stakeholders")
    @Operation(summary = "The opportunity's connections (contacts with a role)")
    public List<Stakeholder> stakeholders(@PathParam("id") String id) {
        return opportunities.load(id).stakeholders();
    }

    @POST
    @Path("/{id}/stakeholders")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Connect a contact to the opportunity (role STAKEHOLDER by default)")
    @Blocking
    public CompletionStage<Response> addStakeholder(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull StakeholderRequests.AddStakeholder request) {
        String contactId = request.contactId().strip();
        requireKnown(CustomerReplica.Kind.CONTACT, "contactId", List.of(contactId));
        return opportunities.partAdded(
                id,
                "stakeholders/" + contactId,
                new OpportunityCommands.AddOpportunityStakeholder(
                        id, contactId, request.role(), ETags.expectedVersion(ifMatch), user.actor()),
                commands,
                OpportunitySnapshot::stakeholders);
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
        return opportunities.partChanged(
                id,
                new OpportunityCommands.ChangeOpportunityStakeholderRole(
                        id, contactId, request.role(), ETags.expectedVersion(ifMatch), user.actor()),
                commands,
                OpportunitySnapshot::stakeholders);
    }

    @DELETE
    @Path("/{id}/stakeholders/{contactId}")
    @Operation(summary = "Disconnect a contact from the opportunity")
    @Blocking
    public CompletionStage<Response> removeStakeholder(
            @PathParam("id") String id,
            @PathParam("contactId") String contactId,
            @HeaderParam("If-Match") String ifMatch) {
        return opportunities.partRemoved(
                id,
                new OpportunityCommands.RemoveOpportunityStakeholder(
                        id, contactId, ETags.expectedVersion(ifMatch), user.actor()),
                commands);
    }

    @GET
    @Path("/{id}/competitors")
    @Operation(summary = "The competitors listed for this deal")
    public List<OpportunitySnapshot.Competitor> competitors(@PathParam("id") String id) {
        return opportunities.load(id).competitors();
    }

    @POST
    @Path("/{id}/competitors")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "List a competitor for this deal (once per name)")
    @Blocking
    public CompletionStage<Response> addCompetitor(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull OpportunityRequests.AddCompetitor request) {
        String competitorId = UUID.randomUUID().toString();
        return opportunities.partAdded(
                id,
                "competitors/" + competitorId,
                new OpportunityCommands.AddCompetitor(
                        id,
                        competitorId,
                        request.name(),
                        Inputs.clean(request.website()),
                        Inputs.clean(request.strengths()),
                        Inputs.clean(request.weaknesses()),
                        ETags.expectedVersion(ifMatch),
                        user.actor()),
                commands,
                OpportunitySnapshot::competitors);
    }

    @DELETE
    @Path("/{id}/competitors/{competitorId}")
    @Operation(summary = "Remove a competitor from this deal")
    @Blocking
    public CompletionStage<Response> removeCompetitor(
            @PathParam("id") String id,
            @PathParam("competitorId") String competitorId,
            @HeaderParam("If-Match") String ifMatch) {
        return opportunities.partRemoved(
                id,
                new OpportunityCommands.RemoveCompetitor(
                        id, competitorId, ETags.expectedVersion(ifMatch), user.actor()),
                commands);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every event of the opportunity, oldest first: type, time, acting user, data")
    public List<EventHistory.Entry> history(@PathParam("id") String id) {
        return opportunities.history(id);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /** A customer id that changed (or is new) must name a contact or account known to the system: else a 400 naming it. */
    private void requireKnownCustomer(OpportunityDetails details, OpportunityDetails before) {
        if (details.accountId() != null
                && (before == null || !Objects.equals(details.accountId(), before.accountId()))) {
            requireKnown(CustomerReplica.Kind.ACCOUNT, "accountId", List.of(details.accountId()));
        }
        if (details.contactId() != null
                && (before == null || !Objects.equals(details.contactId(), before.contactId()))) {
            requireKnown(CustomerReplica.Kind.CONTACT, "contactId", List.of(details.contactId()));
        }
    }

    private void requireKnown(CustomerReplica.Kind kind, String field, List<String> ids) {
        List<String> unknown = ReadModels.await(() -> customers.unknown(kind, new ArrayList<>(ids)));
        if (!unknown.isEmpty()) {
            throw DomainException.invalid(
                    field, "no " + kind.name().toLowerCase(java.util.Locale.ROOT) + " with id " + unknown.get(0));
        }
    }

    /** "Today" for a close date nobody gave: the UTC date, as every date of the system. */
    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}

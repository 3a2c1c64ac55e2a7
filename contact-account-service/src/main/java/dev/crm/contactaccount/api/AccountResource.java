package dev.crm.contactaccount.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crm.contactaccount.api.Responses.Account;
import dev.crm.contactaccount.api.Responses.DuplicateAccount;
import dev.crm.contactaccount.domain.AccountCommands;
import dev.crm.contactaccount.query.AccountQueries;
import dev.crm.contactaccount.query.AccountSnapshot;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.account.AccountEvent;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.query.EventHistory;
import dev.crm.platform.query.Listing;
import dev.crm.platform.query.ProjectionProgress;
import dev.crm.platform.query.ReadModels;
import dev.crm.platform.security.Actor;
import dev.crm.platform.security.CurrentUser;
import dev.crm.platform.web.AssignRequest;
import dev.crm.platform.web.Inputs;
import dev.crm.platform.web.MergePatch;
import dev.crm.platform.web.RecordEndpoints;
import dev.crm.platform.web.RequestCommands;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@Tag(name = "Accounts")
@SecurityRequirement(name = "jwt")
public class AccountResource {

    static final String TYPE = "Account";
    private static final MergePatch<AccountInput> PATCH = new MergePatch<>(
            AccountInput.class,
            "account",
            Map.of("ownerId", "use /assign", "originatingLeadId", "it is set when a lead is qualified"));

    @Inject
    RequestCommands commands;

    @Inject
    CurrentUser user;

    @Inject
    EventHistory history;

    @Inject
    ProjectionProgress progress;

    @Inject
    AccountQueries queries;

    @Inject
    Validator validator;

    private RecordEndpoints<AccountSnapshot> accounts;

    @PostConstruct
    void init() {
        accounts = new RecordEndpoints<>(
                TYPE,
                "/api/v1/accounts",
                history,
                progress,
                (state, event, time, user, version) ->
                        AccountSnapshot.apply(state, (AccountEvent) event, time, user, version),
                AccountSnapshot::version,
                Account::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Create an account (name required); refused with its likely duplicates unless ignoreDuplicates=true")
    @Blocking
    public CompletionStage<Response> create(
            @Valid @NotNull CreateRequests.CreateAccount request,
            @QueryParam("ignoreDuplicates") @DefaultValue("false") boolean ignoreDuplicates) {
        AccountDetails details = request.toDetails();
        String contactId =
                Links.checked(history, ContactResource.TYPE, "primaryContactId", request.primaryContactId, null);
        if (!ignoreDuplicates) {
            refuseDuplicates(details);
        }
        String id = UUID.randomUUID().toString();
        return accounts.created(
                id,
                commands.apply(new AccountCommands.CreateAccount(
                        id, Inputs.clean(request.ownerId), details, contactId, null, user.actor())));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One account, always current (read from its events)")
    public Response get(@PathParam("id") String id) {
        return accounts.get(id);
    }

    @GET
    @Operation(summary = "List accounts: text search q, filters ownerId, industry, originatingLeadId; sort; paging")
    public Uni<Listing.Page<Account>> list(
            @QueryParam("q") String text,
            @QueryParam("ownerId") String ownerId,
            @QueryParam("industry") String industry,
            @QueryParam("originatingLeadId") String originatingLeadId,
            @QueryParam("sort") String sort,
            @Parameter(description = "0-based", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
                    @QueryParam("page")
                    String page,
            @Parameter(description = "1 to 200", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
                    @QueryParam("size")
                    String size,
            @Parameter(description = Listing.COUNT_DESCRIPTION) @QueryParam("count") String count) {
        Listing.Paging paging = Listing.Paging.of(page, size, count);
        AccountQueries.Filter filter = new AccountQueries.Filter(text, ownerId, industry, originatingLeadId);
        return queries.list(filter, sort, paging).map(result -> result.map(Account::of));
    }

    @GET
    @Path("/duplicates")
    @Operation(
            summary =
                    "Likely duplicates of a company: the same name, ignoring case, accents, punctuation and legal form")
    public Uni<List<DuplicateAccount>> duplicates(@QueryParam("name") String name) {
        return queries.duplicates(name)
                .map(found -> found.stream().map(DuplicateAccount::of).toList());
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change an account with a JSON merge patch (RFC 7386); If-Match is honoured")
    @Blocking
    public CompletionStage<Response> patch(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull JsonNode patch) {
        return accounts.patch(
                id,
                ifMatch,
                patch,
                PATCH,
                validator,
                current -> AccountInput.from(current.details(), current.primaryContactId()),
                (current, patched, expected) -> {
                    String linked = Links.checked(
                            history,
                            ContactResource.TYPE,
                            "primaryContactId",
                            patched.primaryContactId,
                            current.primaryContactId());
                    return new AccountCommands.UpdateAccount(id, patched.toDetails(), linked, expected, user.actor());
                },
                commands);
    }

    @POST
    @Path("/{id}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.SALES_MANAGER)
    @Operation(summary = "Give the account to another owner (sales managers only)")
    @Blocking
    public CompletionStage<Response> assign(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull AssignRequest request) {
        return accounts.assign(
                id,
                ifMatch,
                request.ownerId(),
                (owner, expected) -> new AccountCommands.AssignAccount(id, owner, expected, user.actor()),
                commands);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every event of the account, oldest first: type, time, acting user, data")
    public List<EventHistory.Entry> history(@PathParam("id") String id) {
        return accounts.history(id);
    }

    private void refuseDuplicates(AccountDetails details) {
        List<DuplicateAccount> matches = ReadModels.await(() -> queries.duplicates(details.name())).stream()
                .map(DuplicateAccount::of)
                .toList();
        if (!matches.isEmpty()) {
            throw new DomainException(
                    DomainException.Kind.CONFLICT,
                    "duplicates-found",
                    matches.size()
                            + " account(s) look like this one; use one of them, or create anyway with ignoreDuplicates=true",
                    Map.of("duplicates", Map.of("accounts", matches)));
        }
    }
}

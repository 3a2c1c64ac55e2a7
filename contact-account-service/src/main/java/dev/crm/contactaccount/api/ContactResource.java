package dev.crm.contactaccount.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crm.contactaccount.api.Responses.Contact;
import dev.crm.contactaccount.api.Responses.DuplicateContact;
import dev.crm.contactaccount.domain.ContactCommands;
import dev.crm.contactaccount.query.ContactQueries;
import dev.crm.contactaccount.query.ContactSnapshot;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.contact.ContactEvent;
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

@Path("/api/v1/contacts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@Tag(name = "Contacts")
@SecurityRequirement(name = "jwt")
public class ContactResource {

    static final String TYPE = "Contact";
    private static final MergePatch<ContactInput> PATCH = new MergePatch<>(
            ContactInput.class,
            "contact",
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
    ContactQueries queries;

    @Inject
    Validator validator;

    private RecordEndpoints<ContactSnapshot> contacts;

    @PostConstruct
    void init() {
        contacts = new RecordEndpoints<>(
                TYPE,
                "/api/v1/contacts",
                history,
                progress,
                (state, event, time, user, version) ->
                        ContactSnapshot.apply(state, (ContactEvent) event, time, user, version),
                ContactSnapshot::version,
                Contact::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Create a contact (lastName required); refused with its likely duplicates unless ignoreDuplicates=true")
    @Blocking
    public CompletionStage<Response> create(
            @Valid @NotNull CreateRequests.CreateContact request,
            @QueryParam("ignoreDuplicates") @DefaultValue("false") boolean ignoreDuplicates) {
        ContactDetails details = request.toDetails();
        String accountId =
                Links.checked(history, AccountResource.TYPE, "parentAccountId", request.parentAccountId, null);
        if (!ignoreDuplicates) {
            refuseDuplicates(details);
        }
        String id = UUID.randomUUID().toString();
        return contacts.created(
                id,
                commands.apply(new ContactCommands.CreateContact(
                        id, Inputs.clean(request.ownerId), details, accountId, null, user.actor())));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One contact, always current (read from its events)")
    public Response get(@PathParam("id") String id) {
        return contacts.get(id);
    }

    @GET
    @Operation(
            summary =
                    "List contacts: text search q, filters accountId, ownerId, email, originatingLeadId; sort; paging")
    public Uni<Listing.Page<Contact>> list(
            @QueryParam("q") String text,
            @QueryParam("accountId") String accountId,
            @QueryParam("ownerId") String ownerId,
            @QueryParam("email") String email,
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
        ContactQueries.Filter filter = new ContactQueries.Filter(text, accountId, ownerId, email, originatingLeadId);
        return queries.list(filter, sort, paging).map(result -> result.map(Contact::of));
    }

    @GET
    @Path("/duplicates")
    @Operation(summary = "Likely duplicates of a person: same e-mail, or same first and last name")
    public Uni<List<DuplicateContact>> duplicates(
            @QueryParam("firstName") String firstName,
            @QueryParam("lastName") String lastName,
            @QueryParam("email") String email) {
        return queries.duplicates(firstName, lastName, email)
                .map(found -> found.stream().map(DuplicateContact::of).toList());
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change a contact with a JSON merge patch (RFC 7386); If-Match is honoured")
    @Blocking
    public CompletionStage<Response> patch(
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull JsonNode patch) {
        return contacts.patch(
                id,
                ifMatch,
                patch,
                PATCH,
                validator,
                current -> ContactInput.from(current.details(), current.parentAccountId()),
                (current, patched, expected) -> {
                    String linked = Links.checked(
                            history,
                            AccountResource.TYPE,
                            "parentAccountId",
                            patched.parentAccountId,
                            current.parentAccountId());
                    return new ContactCommands.UpdateContact(id, patched.toDetails(), linked, expected, user.actor());
                },
                commands);
    }

    @POST
    @Path("/{id}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.SALES_MANAGER)
    @Operation(summary = "Give the contact to another owner (sales managers only)")
    @Blocking
    public CompletionStage<Response> assign(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull AssignRequest request) {
        return contacts.assign(
                id,
                ifMatch,
                request.ownerId(),
                (owner, expected) -> new ContactCommands.AssignContact(id, owner, expected, user.actor()),
                commands);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every event of the contact, oldest first: type, time, acting user, data")
    public List<EventHistory.Entry> history(@PathParam("id") String id) {
        return contacts.history(id);
    }

    private void refuseDuplicates(ContactDetails details) {
        List<DuplicateContact> matches =
                ReadModels.await(() -> queries.duplicates(details.firstName(), details.lastName(), details.email()))
                        .stream()
                        .map(DuplicateContact::of)
                        .toList();
        if (!matches.isEmpty()) {
            throw new DomainException(
                    DomainException.Kind.CONFLICT,
                    "duplicates-found",
                    matches.size()
                            + " contact(s) look like this one; use one of them, or create anyway with ignoreDuplicates=true",
                    Map.of("duplicates", Map.of("contacts", matches)));
        }
    }
}

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
import dev.crm.platform.query.AggregateReads;
import dev.crm.platform.query.EventHistory;
import dev.crm.platform.query.Listing;
import dev.crm.platform.query.ProjectionProgress;
import dev.crm.platform.security.Actor;
import dev.crm.platform.security.CurrentUser;
import dev.crm.platform.web.ETags;
import dev.crm.platform.web.Inputs;
import dev.crm.platform.web.MergePatch;
import dev.crm.platform.web.RequestCommands;
import dev.crm.platform.query.ReadModels;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.concurrent.CompletionStage;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/contacts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@Tag(name = "Contacts")
@SecurityRequirement(name = "jwt")
public class ContactResource {

    static final String TYPE = "Contact";
    private static final MergePatch<ContactInput> PATCH = new MergePatch<>(ContactInput.class, "contact", Map.of(
            "id", "it never changes", "version", "it is the record's version", "ownerId", "use /assign",
            "originatingLeadId", "it is set when a lead is qualified", "createdAt", "it is set by the system",
            "createdBy", "it is set by the system", "modifiedAt", "it is set by the system",
            "modifiedBy", "it is set by the system"));

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

    private AggregateReads<ContactSnapshot> contacts;

    @PostConstruct
    void init() {
        contacts = new AggregateReads<>(TYPE, history, progress, (state, event, time, user, version) ->
                ContactSnapshot.apply(state, (ContactEvent) event, time, user, version), ContactSnapshot::version);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a contact (lastName required); refused with its likely duplicates unless ignoreDuplicates=true")
    @Blocking
    public CompletionStage<Response> create(@Valid @NotNull CreateRequests.CreateContact request,
                           @QueryParam("ignoreDuplicates") @DefaultValue("false") boolean ignoreDuplicates) {
        ContactDetails details = request.toDetails();
        String accountId = Inputs.clean(request.parentAccountId);
        requireAccount(accountId, "parentAccountId");
        if (!ignoreDuplicates) {
            refuseDuplicates(details);
        }
        String id = UUID.randomUUID().toString();
        commands.send(new ContactCommands.CreateContact(id, Inputs.clean(request.ownerId), details, accountId, null,
                user.actor()));
        return contacts.settled(id, contact -> Response.created(URI.create("/api/v1/contacts/" + id)).tag(ETags.of(contact.version()))
                .entity(Contact.of(contact)).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One contact, always current (read from its events)")
    public Response get(@PathParam("id") String id) {
        return respond(contacts.load(id));
    }

    @GET
    @Operation(summary = "List contacts: text search q, filters accountId, ownerId, email, originatingLeadId; sort; paging")
    public Uni<Listing.Page<Contact>> list(@QueryParam("q") String text, @QueryParam("accountId") String accountId,
                                      @QueryParam("ownerId") String ownerId, @QueryParam("email") String email,
                                      @QueryParam("originatingLeadId") String originatingLeadId,
                                      @QueryParam("sort") String sort,
                                      @Parameter(description = "0-based", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0")) @QueryParam("page") String page,
                                      @Parameter(description = "1 to 200", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20")) @QueryParam("size") String size) {
        Listing.Paging paging = Listing.Paging.of(page, size);
        ContactQueries.Filter filter = new ContactQueries.Filter(text, accountId, ownerId, email, originatingLeadId);
        return queries.list(filter, sort, paging.page(), paging.size()).map(result ->
                Listing.Page.of(result.items().stream().map(Contact::of).toList(), paging.page(), paging.size(), result.totalItems()));
    }

    @GET
    @Path("/duplicates")
    @Operation(summary = "Likely duplicates of a person: same e-mail, or same first and last name")
    public Uni<List<DuplicateContact>> duplicates(@QueryParam("firstName") String firstName,
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
    public CompletionStage<Response> patch(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @NotNull JsonNode patch) {
        Long expected = ETags.expectedVersion(ifMatch);
        return MergePatch.retryingStale(expected, () -> {
            ContactSnapshot current = contacts.load(id);
            ContactInput merged = PATCH.apply(ContactInput.from(current.details(), current.parentAccountId()), patch,
                    validator);
            String accountId = Inputs.clean(merged.parentAccountId);
            if (!java.util.Objects.equals(accountId, current.parentAccountId())) {
                requireAccount(accountId, "parentAccountId");
            }
            commands.send(new ContactCommands.UpdateContact(id, merged.toDetails(), accountId,
                    expected != null ? expected : current.version(), user.actor()));
            return contacts.settled(id, ContactResource::respond);
        });
    }

    @POST
    @Path("/{id}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.SALES_MANAGER)
    @Operation(summary = "Give the contact to another owner (sales managers only)")
    @Blocking
    public CompletionStage<Response> assign(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
                           @Valid @NotNull CreateRequests.Assign request) {
        commands.send(new ContactCommands.AssignContact(id, request.ownerId().strip(), ETags.expectedVersion(ifMatch),
                user.actor()));
        return contacts.settled(id, ContactResource::respond);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every event of the contact, oldest first: type, time, acting user, data")
    public List<EventHistory.Entry> history(@PathParam("id") String id) {
        return history.history(TYPE, id);
    }

    private void requireAccount(String accountId, String field) {
        if (accountId != null && !history.exists(AccountResource.TYPE, accountId)) {
            throw DomainException.invalid(field, "no account with id " + accountId);
        }
    }

    private void refuseDuplicates(ContactDetails details) {
        List<DuplicateContact> matches = ReadModels.await(() -> queries.duplicates(details.firstName(), details.lastName(), details.email()))
                .stream().map(DuplicateContact::of).toList();
        if (!matches.isEmpty()) {
            throw new DomainException(DomainException.Kind.CONFLICT, "duplicates-found",
                    matches.size() + " contact(s) look like this one; use one of them, or create anyway with ignoreDuplicates=true",
                    Map.of("duplicates", Map.of("contacts", matches)));
        }
    }


    private static Response respond(ContactSnapshot contact) {
        return Response.ok(Contact.of(contact)).tag(ETags.of(contact.version())).build();
    }
}

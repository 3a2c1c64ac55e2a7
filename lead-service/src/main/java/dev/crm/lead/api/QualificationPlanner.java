package dev.crm.lead.api;

import dev.crm.events.v1.Address;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadState;
import dev.crm.lead.query.AccountReplica;
import dev.crm.lead.query.ContactReplica;
import dev.crm.lead.query.Duplicates;
import dev.crm.lead.query.LeadSnapshot;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.domain.Records;
import dev.crm.platform.query.ReadModels;
import dev.crm.platform.security.Actor;
import dev.crm.platform.web.Inputs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What lead-service checks before it qualifies a lead, against its replica of contacts and accounts: the chosen
 * existing records exist, no likely duplicate would be created unknowingly (the seed's filtered pickers), which
 * values the chosen records lend to the lead's empty fields, and which of their empty fields the caller may not fill.
 * <p>
 * Linking a lead to a contact or account the caller may read is allowed; filling that record's empty fields (and
 * setting its parent account or primary contact) is a change to it, which only its owner or a sales manager may make.
 * contact-account-service decides that from the record itself; the answer here names, from this service's replica,
 * the fields the caller's qualification leaves as they are.
 */
@ApplicationScoped
public class QualificationPlanner {

    @Inject
    Duplicates duplicates;

    /** A likely duplicate as the caller sees it in the 409: enough to pick the right one. */
    public record ContactMatch(String id, String firstName, String lastName, String email, String parentAccountId) {}

    public record AccountMatch(String id, String name, String website) {}

    /**
     * {@code fillFrom}: values for the lead's empty fields, null when no existing record was chosen; {@code notFilled}:
     * the chosen records' fields the caller's qualification leaves as they are, since the caller may not change them.
     */
    public record Plan(LeadDetails fillFrom, List<LeadResponses.NotFilled> notFilled) {
        static final Plan NONE = new Plan(null, List.of());
    }

    public Plan plan(
            LeadSnapshot lead,
            LeadRequests.Qualify request,
            String existingContactId,
            String existingAccountId,
            Actor caller) {
        if (lead.state() != LeadState.OPEN) {
            return Plan.NONE; // the aggregate refuses with lead-read-only; a duplicate list would only mislead
        }
        // the replica is a reactive read model; this runs on a worker thread, before the command
        return ReadModels.await(() -> chosen(
                        duplicates.contact(existingContactId), existingContactId, "existingContactId", "contact")
                .chain(contact -> chosen(
                                duplicates.account(existingAccountId),
                                existingAccountId,
                                "existingAccountId",
                                "account")
                        .chain(account -> (Boolean.TRUE.equals(request.ignoreDuplicates())
                                        ? Uni.createFrom().voidItem()
                                        : refuseDuplicates(lead.details(), request, contact == null, account == null))
                                .map(ignored -> {
                                    LeadDetails fillFrom = fillFrom(contact, account);
                                    LeadDetails qualified = Records.fillEmpty(lead.details(), fillFrom);
                                    return new Plan(fillFrom, notFilled(qualified, contact, account, request, caller));
                                }))));
    }

    /**
     * What the chosen records would take from the lead (as contact-account-service fills them) where the caller may
     * not change them. The ids of the records the qualification makes are not known yet: a new contact or account
     * counts as a link to set.
     */
    static List<LeadResponses.NotFilled> notFilled(
            LeadDetails lead,
            ContactReplica.Contact contact,
            AccountReplica.Account account,
            LeadRequests.Qualify request,
            Actor caller) {
        List<LeadResponses.NotFilled> left = new ArrayList<>();
        if (contact != null) {
            boolean linksAccount = contact.parentAccountId() == null
                    && (account != null || (Inputs.orTrue(request.createAccount()) && lead.hasCompany()));
            notFilled(
                            "contact",
                            contact.id(),
                            contact.ownerId(),
                            contact.details(),
                            lead.contactDetails(),
                            linksAccount ? "parentAccountId" : null,
                            caller)
                    .ifPresent(left::add);
        }
        if (account != null) {
            boolean linksContact =
                    account.primaryContactId() == null && (contact != null || Inputs.orTrue(request.createContact()));
            notFilled(
                            "account",
                            account.id(),
                            account.ownerId(),
                            account.details(),
                            lead.accountDetails(),
                            linksContact ? "primaryContactId" : null,
                            caller)
                    .ifPresent(left::add);
        }
        return left;
    }

    /** The fields of one chosen record the lead would fill, and the link it would set, if the caller may not. */
    private static <D extends Record> java.util.Optional<LeadResponses.NotFilled> notFilled(
            String type, String id, String ownerId, D details, D fromLead, String link, Actor caller) {
        if (caller.mayChange(ownerId)) {
            return java.util.Optional.empty();
        }
        List<String> fields = new ArrayList<>(Records.changedFields(details, Records.fillEmpty(details, fromLead)));
        if (link != null) {
            fields.add(link);
        }
        return fields.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(new LeadResponses.NotFilled(
                        type,
                        id,
                        fields,
                        "only the owner of " + type + " " + id + " or a sales manager may change it; it is"
                                + " linked, not changed"));
    }

    private static <T> Uni<T> chosen(Uni<java.util.Optional<T>> lookUp, String id, String field, String type) {
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return lookUp.map(
                found -> found.orElseThrow(() -> DomainException.invalid(field, "no " + type + " with id " + id)));
    }

    private Uni<Void> refuseDuplicates(
            LeadDetails lead, LeadRequests.Qualify request, boolean newContact, boolean newAccount) {
        Uni<List<ContactMatch>> contacts = newContact && !Boolean.FALSE.equals(request.createContact())
                ? duplicates
                        .contacts(lead.firstName(), lead.lastName(), lead.email())
                        .map(found -> found.stream()
                                .map(c -> new ContactMatch(
                                        c.id(),
                                        c.details().firstName(),
                                        c.details().lastName(),
                                        c.details().email(),
                                        c.parentAccountId()))
                                .toList())
                : Uni.createFrom().item(List.of());
        return contacts.chain(contactMatches -> {
                    Uni<List<AccountMatch>> accounts =
                            newAccount && !Boolean.FALSE.equals(request.createAccount()) && lead.hasCompany()
                                    ? duplicates
                                            .accounts(lead.companyName())
                                            .map(found -> found.stream()
                                                    .map(a -> new AccountMatch(
                                                            a.id(),
                                                            a.details().name(),
                                                            a.details().website()))
                                                    .toList())
                                    : Uni.createFrom().item(List.of());
                    return accounts.map(accountMatches -> {
                        if (contactMatches.isEmpty() && accountMatches.isEmpty()) {
                            return null;
                        }
                        Map<String, Object> found = new LinkedHashMap<>();
                        found.put("contacts", contactMatches);
                        found.put("accounts", accountMatches);
                        throw new DomainException(
                                DomainException.Kind.CONFLICT,
                                "duplicates-found",
                                "Qualifying would create a likely duplicate (" + contactMatches.size() + " contact(s), "
                                        + accountMatches.size()
                                        + " account(s)); choose existingContactId/existingAccountId, or set ignoreDuplicates",
                                Map.of("duplicates", found));
                    });
                })
                .replaceWithVoid();
    }

    /** The account lends its name and address; the contact lends its address when the account has none. */
    private static LeadDetails fillFrom(ContactReplica.Contact contact, AccountReplica.Account account) {
        if (contact == null && account == null) {
            return null;
        }
        String company = account == null ? null : account.details().name();
        Address address = account != null && account.details().address() != null
                ? account.details().address()
                : contact == null ? null : contact.details().address();
        return LeadDetails.builder().companyName(company).address(address).build();
    }
}

package dev.crm.lead.api;

import dev.crm.events.v1.Address;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadState;
import dev.crm.lead.query.AccountReplica;
import dev.crm.lead.query.ContactReplica;
import dev.crm.lead.query.Duplicates;
import dev.crm.lead.query.LeadSnapshot;
import dev.crm.platform.domain.DomainException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What lead-service checks before it qualifies a lead, against its replica of contacts and accounts: the chosen
 * existing records exist, no likely duplicate would be created unknowingly (the seed's filtered pickers), and which
 * values the chosen records lend to the lead's empty fields.
 */
@ApplicationScoped
public class QualificationPlanner {

    @Inject
    Duplicates duplicates;

    /** A likely duplicate as the caller sees it in the 409: enough to pick the right one. */
    public record ContactMatch(String id, String firstName, String lastName, String email, String parentAccountId) {
    }

    public record AccountMatch(String id, String name, String website) {
    }

    /** Values for the lead's empty fields; null when no existing record was chosen. */
    public LeadDetails plan(LeadSnapshot lead, LeadRequests.Qualify request, String existingContactId,
                            String existingAccountId) {
        if (lead.state() != LeadState.OPEN) {
            return null; // the aggregate refuses with lead-read-only; a duplicate list would only mislead
        }
        return QuarkusTransaction.joiningExisting().call(() -> {
            ContactReplica.Contact contact = existingContactId == null ? null : duplicates.contact(existingContactId)
                    .orElseThrow(() -> DomainException.invalid("existingContactId", "no contact with id " + existingContactId));
            AccountReplica.Account account = existingAccountId == null ? null : duplicates.account(existingAccountId)
                    .orElseThrow(() -> DomainException.invalid("existingAccountId", "no account with id " + existingAccountId));
            if (!Boolean.TRUE.equals(request.ignoreDuplicates())) {
                refuseDuplicates(lead.details(), request, contact == null, account == null);
            }
            return fillFrom(contact, account);
        });
    }

    private void refuseDuplicates(LeadDetails lead, LeadRequests.Qualify request, boolean newContact, boolean newAccount) {
        List<ContactMatch> contacts = newContact && !Boolean.FALSE.equals(request.createContact())
                ? duplicates.contacts(lead.firstName(), lead.lastName(), lead.email()).stream()
                .map(c -> new ContactMatch(c.id(), c.details().firstName(), c.details().lastName(), c.details().email(),
                        c.parentAccountId())).toList()
                : List.of();
        List<AccountMatch> accounts = newAccount && !Boolean.FALSE.equals(request.createAccount()) && lead.hasCompany()
                ? duplicates.accounts(lead.companyName()).stream()
                .map(a -> new AccountMatch(a.id(), a.details().name(), a.details().website())).toList()
                : List.of();
        if (contacts.isEmpty() && accounts.isEmpty()) {
            return;
        }
        Map<String, Object> found = new LinkedHashMap<>();
        found.put("contacts", contacts);
        found.put("accounts", accounts);
        throw new DomainException(DomainException.Kind.CONFLICT, "duplicates-found",
                "Qualifying would create a likely duplicate (" + contacts.size() + " contact(s), " + accounts.size()
                        + " account(s)); choose existingContactId/existingAccountId, or set ignoreDuplicates",
                Map.of("duplicates", found));
    }

    /** The account lends its name and address; the contact lends its address when the account has none. */
    private static LeadDetails fillFrom(ContactReplica.Contact contact, AccountReplica.Account account) {
        if (contact == null && account == null) {
            return null;
        }
        String company = account == null ? null : account.details().name();
        Address address = account != null && account.details().address() != null ? account.details().address()
                : contact == null ? null : contact.details().address();
        return new LeadDetails(null, null, null, null, null, null, null, company, null, address, null, null, null,
                null, null, null, null, null, null, null, null);
    }
}

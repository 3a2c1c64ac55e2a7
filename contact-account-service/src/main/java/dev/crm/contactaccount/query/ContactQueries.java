package dev.crm.contactaccount.query;

import dev.crm.platform.domain.Names;
import dev.crm.platform.query.Listing;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lists, searches and duplicate look-ups over the contact read model. */
@ApplicationScoped
public class ContactQueries {

    private static final Map<String, String> SORTABLE = Map.of("createdAt", "createdAt", "modifiedAt", "modifiedAt",
            "lastName", "lastName", "firstName", "firstName", "email", "email");
    /** More likely duplicates than this are not useful to a person choosing one. */
    static final int MAX_DUPLICATES = 20;

    public record Filter(String text, String accountId, String ownerId, String email, String originatingLeadId) {
    }

    public Listing.Page<ContactSnapshot> list(Filter filter, String sort, int page, int size) {
        Listing.checkPage(page, size);
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        Listing.textSearch(where, params, "searchText", filter.text());
        Listing.equal(where, params, "parentAccountId", filter.accountId());
        Listing.equal(where, params, "ownerId", filter.ownerId());
        Listing.equal(where, params, "originatingLeadId", filter.originatingLeadId());
        Listing.equal(where, params, "emailKey", Names.emailKey(filter.email()));
        PanacheQuery<ContactRow> rows = ContactRow.find(String.join(" and ", where),
                Listing.sort(sort, SORTABLE, Sort.by("modifiedAt", Sort.Direction.Descending)), params)
                .page(Page.of(page, size));
        return Listing.Page.of(rows.list().stream().map(ContactRow::snapshot).toList(), page, size, rows.count());
    }

    /** Likely duplicates of a person: same e-mail (any case), or same first and last name (any case, accents). */
    public List<ContactSnapshot> duplicates(String firstName, String lastName, String email) {
        String emailKey = Names.emailKey(email);
        String personKey = lastName == null || lastName.isBlank() ? null : Names.personKey(firstName, lastName);
        if (emailKey == null && personKey == null) {
            return List.of();
        }
        return ContactRow.<ContactRow>find("emailKey = :email or personKey = :person",
                        Sort.by("createdAt").and("id"),
                        Parameters.with("email", emailKey == null ? "" : emailKey).and("person", personKey == null ? "" : personKey))
                .page(Page.ofSize(MAX_DUPLICATES)).list().stream().map(ContactRow::snapshot).toList();
    }
}

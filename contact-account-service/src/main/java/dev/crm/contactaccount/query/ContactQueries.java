package dev.crm.contactaccount.query;

import dev.crm.platform.domain.Names;
import dev.crm.platform.query.DuplicateMatching;
import dev.crm.platform.query.Listing;
import dev.crm.platform.query.ReadModels;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lists, searches and duplicate look-ups over the contact read model. */
@ApplicationScoped
public class ContactQueries {

    private static final Map<String, String> SORTABLE = Map.of(
            "createdAt",
            "createdAt",
            "modifiedAt",
            "modifiedAt",
            "lastName",
            "lastName",
            "firstName",
            "firstName",
            "email",
            "email");

    public record Filter(String text, String accountId, String ownerId, String email, String originatingLeadId) {}

    public Uni<Listing.Page<ContactSnapshot>> list(Filter filter, String sort, Listing.Paging paging) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        Listing.textSearch(where, params, "searchText", filter.text());
        Listing.equal(where, params, "parentAccountId", filter.accountId());
        Listing.equal(where, params, "ownerId", filter.ownerId());
        Listing.equal(where, params, "originatingLeadId", filter.originatingLeadId());
        Listing.equal(where, params, "emailKey", Names.emailKey(filter.email()));
        Sort order = Listing.sort(sort, SORTABLE, Sort.by("modifiedAt", Sort.Direction.Descending));
        String query = String.join(" and ", where);
        return Listing.page(
                () -> ContactRow.find(query, order, params),
                ContactRow.class,
                query,
                params,
                ContactRow::snapshot,
                paging);
    }

    /** Likely duplicates of a person (see {@link DuplicateMatching}). */
    public Uni<List<ContactSnapshot>> duplicates(String firstName, String lastName, String email) {
        return ReadModels.session(() -> DuplicateMatching.people(ContactRow.class, firstName, lastName, email))
                .map(rows -> rows.stream().map(ContactRow::snapshot).toList());
    }
}

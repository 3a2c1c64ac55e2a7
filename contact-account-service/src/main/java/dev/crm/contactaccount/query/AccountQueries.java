package dev.crm.contactaccount.query;

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

/** Lists, searches and duplicate look-ups over the account read model. */
@ApplicationScoped
public class AccountQueries {

    private static final Map<String, String> SORTABLE =
            Map.of("createdAt", "createdAt", "modifiedAt", "modifiedAt", "name", "name", "industry", "industry");

    public record Filter(String text, String ownerId, String industry, String originatingLeadId) {}

    public Uni<Listing.Page<AccountSnapshot>> list(Filter filter, String sort, Listing.Paging paging) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        Listing.textSearch(where, params, "searchText", filter.text());
        Listing.equal(where, params, "ownerId", filter.ownerId());
        Listing.equal(where, params, "industry", filter.industry());
        Listing.equal(where, params, "originatingLeadId", filter.originatingLeadId());
        Sort order = Listing.sort(sort, SORTABLE, Sort.by("modifiedAt", Sort.Direction.Descending));
        String query = String.join(" and ", where);
        return Listing.page(
                () -> AccountRow.find(query, order, params),
                AccountRow.class,
                query,
                params,
                AccountRow::snapshot,
                paging);
    }

    /** Likely duplicates of a company (see {@link DuplicateMatching}). */
    public Uni<List<AccountSnapshot>> duplicates(String name) {
        return ReadModels.session(() -> DuplicateMatching.companies(AccountRow.class, name))
                .map(rows -> rows.stream().map(AccountRow::snapshot).toList());
    }
}

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

/** Lists, searches and duplicate look-ups over the account read model. */
@ApplicationScoped
public class AccountQueries {

    private static final Map<String, String> SORTABLE = Map.of("createdAt", "createdAt", "modifiedAt", "modifiedAt",
            "name", "name", "industry", "industry");

    public record Filter(String text, String ownerId, String industry, String originatingLeadId) {
    }

    public Listing.Page<AccountSnapshot> list(Filter filter, String sort, int page, int size) {
        Listing.checkPage(page, size);
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        Listing.textSearch(where, params, "searchText", filter.text());
        Listing.equal(where, params, "ownerId", filter.ownerId());
        Listing.equal(where, params, "industry", filter.industry());
        Listing.equal(where, params, "originatingLeadId", filter.originatingLeadId());
        PanacheQuery<AccountRow> rows = AccountRow.find(String.join(" and ", where),
                Listing.sort(sort, SORTABLE, Sort.by("modifiedAt", Sort.Direction.Descending)), params)
                .page(Page.of(page, size));
        return Listing.Page.of(rows.list().stream().map(AccountRow::snapshot).toList(), page, size, rows.count());
    }

    /** Likely duplicates of a company: the same name once case, accents, punctuation and legal form are ignored. */
    public List<AccountSnapshot> duplicates(String name) {
        String key = Names.companyKey(name);
        if (key.isEmpty()) {
            return List.of();
        }
        return AccountRow.<AccountRow>find("companyKey", Sort.by("createdAt").and("id"), key)
                .page(Page.ofSize(ContactQueries.MAX_DUPLICATES)).list().stream().map(AccountRow::snapshot).toList();
    }
}

package dev.crm.lead.query;

import dev.crm.events.v1.Rating;
import dev.crm.events.v1.lead.LeadSource;
import dev.crm.events.v1.lead.LeadState;
import dev.crm.events.v1.lead.LeadStatusReason;
import dev.crm.platform.query.Listing;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Lists and searches over the lead read model. */
@ApplicationScoped
public class LeadQueries {

    /** API sort names to read-model columns. */
    private static final Map<String, String> SORTABLE = Map.of(
            "createdAt",
            "createdAt",
            "modifiedAt",
            "modifiedAt",
            "topic",
            "topic",
            "lastName",
            "lastName",
            "companyName",
            "companyName",
            "rating",
            "rating",
            "estimatedValue",
            "estimatedValue",
            "statusReason",
            "statusReason");

    /** My open leads, open leads, closed leads (qualified or disqualified), all. */
    private static final Listing.Views VIEWS = Listing.Views.of(
            "my-open",
            "ownerId = :caller and state = 'OPEN'",
            "open",
            "state = 'OPEN'",
            "closed",
            "state in ('QUALIFIED', 'DISQUALIFIED')",
            "all",
            "");

    public record Filter(
            String view,
            String caller,
            String text,
            String state,
            String statusReason,
            String ownerId,
            String rating,
            String leadSource,
            String companyName,
            String importId) {}

    public Uni<Listing.Page<LeadSnapshot>> list(Filter filter, String sort, Listing.Paging paging) {
        List<String> where = new ArrayList<>();
        where.add("deleted = false");
        Parameters params = new Parameters();
        VIEWS.select(where, params, filter.view(), filter.caller());
        Listing.textSearch(where, params, "searchText", filter.text());
        Listing.equalEnum(where, params, "state", filter.state(), LeadState.class);
        Listing.equalEnum(where, params, "statusReason", filter.statusReason(), LeadStatusReason.class);
        Listing.equal(where, params, "ownerId", filter.ownerId());
        Listing.equalEnum(where, params, "rating", filter.rating(), Rating.class);
        Listing.equalEnum(where, params, "leadSource", filter.leadSource(), LeadSource.class);
        Listing.equal(where, params, "importId", filter.importId());
        if (filter.companyName() != null && !filter.companyName().isBlank()) {
            where.add("lower(companyName) = :companyName");
            params.and("companyName", filter.companyName().trim().toLowerCase(Locale.ROOT));
        }
        String query = String.join(" and ", where);
        Sort order = sort(sort);
        return Listing.page(
                () -> LeadRow.find(query, order, params), LeadRow.class, query, params, LeadRow::snapshot, paging);
    }

    static Sort sort(String sort) {
        return Listing.sort(sort, SORTABLE, Sort.by("modifiedAt", Sort.Direction.Descending));
    }
}

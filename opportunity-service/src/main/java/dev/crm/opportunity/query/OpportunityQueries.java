package dev.crm.opportunity.query;

import dev.crm.events.v1.opportunity.ForecastCategory;
import dev.crm.events.v1.opportunity.OpportunityState;
import dev.crm.events.v1.opportunity.SalesStage;
import dev.crm.platform.query.Listing;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lists and searches over the opportunity read model. */
@ApplicationScoped
public class OpportunityQueries {

    /** API sort names to read-model columns. */
    private static final Map<String, String> SORTABLE = Map.of(
            "createdAt",
            "createdAt",
            "modifiedAt",
            "modifiedAt",
            "name",
            "name",
            "stage",
            "stage",
            "estimatedRevenue",
            "estimatedRevenue",
            "estimatedCloseDate",
            "estimatedCloseDate",
            "closeDate",
            "closeDate",
            "probability",
            "probability");

    /** My open opportunities, open, won, lost, closed (won or lost), all. */
    private static final Listing.Views VIEWS = Listing.Views.of(
            "my-open",
            "ownerId = :caller and state = 'OPEN'",
            "open",
            "state = 'OPEN'",
            "won",
            "state = 'WON'",
            "lost",
            "state = 'LOST'",
            "closed",
            "state in ('WON', 'LOST')",
            "all",
            "");

    /**
     * {@code closeDateFrom}/{@code closeDateTo} (inclusive) apply to the actual close date of a closed opportunity and
     * the estimated one of an open one.
     */
    public record Filter(
            String view,
            String caller,
            String text,
            String state,
            String stage,
            String ownerId,
            String accountId,
            String contactId,
            String originatingLeadId,
            String forecastCategory,
            LocalDate closeDateFrom,
            LocalDate closeDateTo) {}

    public Uni<Listing.Page<OpportunitySnapshot>> list(Filter filter, String sort, Listing.Paging paging) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        VIEWS.select(where, params, filter.view(), filter.caller());
        Listing.textSearch(where, params, "searchText", filter.text());
        Listing.equalEnum(where, params, "state", filter.state(), OpportunityState.class);
        Listing.equalEnum(where, params, "stage", filter.stage(), SalesStage.class);
        Listing.equalEnum(where, params, "forecastCategory", filter.forecastCategory(), ForecastCategory.class);
        Listing.equal(where, params, "ownerId", filter.ownerId());
        Listing.equal(where, params, "accountId", filter.accountId());
        Listing.equal(where, params, "contactId", filter.contactId());
        Listing.equal(where, params, "originatingLeadId", filter.originatingLeadId());
        if (filter.closeDateFrom() != null) {
            where.add("closeDate >= :closeDateFrom");
            params.and("closeDateFrom", filter.closeDateFrom());
        }
        if (filter.closeDateTo() != null) {
            where.add("closeDate <= :closeDateTo");
            params.and("closeDateTo", filter.closeDateTo());
        }
        String query = String.join(" and ", where);
        Sort order = Listing.sort(sort, SORTABLE, Sort.by("modifiedAt", Sort.Direction.Descending));
        return Listing.page(
                () -> OpportunityRow.find(query, order, params),
                OpportunityRow.class,
                query,
                params,
                OpportunityRow::snapshot,
                paging);
    }
}

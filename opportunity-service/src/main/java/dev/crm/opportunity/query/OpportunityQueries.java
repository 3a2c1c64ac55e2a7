package dev.crm.opportunity.query;

import dev.crm.platform.domain.DomainException;
import dev.crm.platform.query.Listing;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Lists and searches over the opportunity read model. */
@ApplicationScoped
public class OpportunityQueries {

    /** API sort names to read-model columns. */
    private static final Map<String, String> SORTABLE = Map.of(
            "createdAt", "createdAt", "modifiedAt", "modifiedAt", "name", "name", "stage", "stage",
            "estimatedRevenue", "estimatedRevenue", "estimatedCloseDate", "estimatedCloseDate",
            "closeDate", "closeDate", "probability", "probability");

    public enum View {
        MY_OPEN, OPEN, WON, LOST, CLOSED, ALL;

        public static View parse(String value) {
            if (value == null || value.isBlank()) {
                return ALL;
            }
            try {
                return View.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid("view", "must be one of my-open, open, won, lost, closed, all");
            }
        }
    }

    /**
     * {@code closeDateFrom}/{@code closeDateTo} (inclusive) apply to the actual close date of a closed opportunity and
     * the estimated one of an open one.
     */
    public record Filter(View view, String caller, String text, String state, String stage, String ownerId,
                         String accountId, String contactId, String originatingLeadId, String forecastCategory,
                         LocalDate closeDateFrom, LocalDate closeDateTo) {
    }

    public Uni<Listing.Page<OpportunitySnapshot>> list(Filter filter, String sort, int page, int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        switch (filter.view()) {
            case MY_OPEN -> {
                where.add("ownerId = :caller and state = 'OPEN'");
                params.and("caller", filter.caller());
            }
            case OPEN -> where.add("state = 'OPEN'");
            case WON -> where.add("state = 'WON'");
            case LOST -> where.add("state = 'LOST'");
            case CLOSED -> where.add("state in ('WON', 'LOST')");
            case ALL -> {
            }
        }
        Listing.textSearch(where, params, "searchText", filter.text());
        upper(where, params, "state", filter.state());
        upper(where, params, "stage", filter.stage());
        upper(where, params, "forecastCategory", filter.forecastCategory());
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
        return Listing.page(() -> OpportunityRow.find(query, order, params), OpportunityRow::snapshot, page, size);
    }

    /** Enum-valued filters are case-insensitive. */
    private static void upper(List<String> where, Parameters params, String field, String value) {
        Listing.equal(where, params, field, value == null ? null : value.toUpperCase(Locale.ROOT));
    }
}

package dev.crm.lead.query;

import dev.crm.platform.domain.DomainException;
import dev.crm.platform.query.Listing;
import io.smallrye.mutiny.Uni;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
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
            "createdAt", "createdAt", "modifiedAt", "modifiedAt", "topic", "topic", "lastName", "lastName",
            "companyName", "companyName", "rating", "rating", "estimatedValue", "estimatedValue",
            "statusReason", "statusReason");

    public enum View {
        MY_OPEN, OPEN, CLOSED, ALL;

        public static View parse(String value) {
            if (value == null || value.isBlank()) {
                return ALL;
            }
            try {
                return View.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid("view", "must be one of my-open, open, closed, all");
            }
        }
    }

    public record Filter(View view, String caller, String text, String state, String statusReason, String ownerId,
                         String rating, String leadSource, String companyName) {
    }

    public Uni<Listing.Page<LeadSnapshot>> list(Filter filter, String sort, int page, int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        switch (filter.view()) {
            case MY_OPEN -> {
                where.add("ownerId = :caller and state = 'OPEN'");
                params.and("caller", filter.caller());
            }
            case OPEN -> where.add("state = 'OPEN'");
            case CLOSED -> where.add("state in ('QUALIFIED', 'DISQUALIFIED')");
            case ALL -> {
            }
        }
        Listing.textSearch(where, params, "searchText", filter.text());
        equal(where, params, "state", filter.state());
        equal(where, params, "statusReason", filter.statusReason());
        equal(where, params, "ownerId", filter.ownerId());
        equal(where, params, "rating", filter.rating());
        equal(where, params, "leadSource", filter.leadSource());
        if (filter.companyName() != null && !filter.companyName().isBlank()) {
            where.add("lower(companyName) = :companyName");
            params.and("companyName", filter.companyName().trim().toLowerCase(Locale.ROOT));
        }
        String query = where.isEmpty() ? "" : String.join(" and ", where);
        Sort order = sort(sort);
        return Listing.page(() -> LeadRow.find(query, order, params), LeadRow::snapshot, page, size);
    }

    private static void equal(List<String> where, Parameters params, String field, String value) {
        if (value != null && !value.isBlank()) {
            where.add(field + " = :" + field);
            // enum-valued filters are case-insensitive; owner ids are not
            params.and(field, field.equals("ownerId") ? value.trim() : value.trim().toUpperCase(Locale.ROOT));
        }
    }

    static Sort sort(String sort) {
        return Listing.sort(sort, SORTABLE, Sort.by("modifiedAt", Sort.Direction.Descending));
    }
}

package dev.crm.timeline.query;

import dev.crm.events.v1.RecordType;
import dev.crm.events.v1.activity.ActivityState;
import dev.crm.events.v1.activity.ActivityType;
import dev.crm.platform.query.Listing;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lists of activities and notes. */
@ApplicationScoped
public class ActivityQueries {

    private static final Map<String, String> SORTABLE = Map.of(
            "dueAt",
            "dueAt",
            "createdAt",
            "createdAt",
            "modifiedAt",
            "modifiedAt",
            "subject",
            "subject",
            "priority",
            "priority");

    /** My open activities; open activities past due (with ownerId: someone's); every activity. */
    private static final Listing.Views VIEWS = Listing.Views.of(
            "my-open", "ownerId = :caller and state = 'OPEN'", "overdue", "state = 'OPEN' and dueAt < :now", "all", "");

    public record Filter(
            String view,
            String caller,
            Instant now,
            String text,
            String type,
            String state,
            String ownerId,
            String regardingType,
            String regardingId) {}

    public Uni<Listing.Page<ActivitySnapshot>> activities(Filter filter, String sort, Listing.Paging paging) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        VIEWS.select(where, params, filter.view(), filter.caller());
        if (where.stream().anyMatch(w -> w.contains(":now"))) {
            params.and("now", filter.now());
        }
        Listing.textSearch(where, params, "searchText", filter.text());
        Listing.equalEnum(where, params, "type", filter.type(), ActivityType.class);
        Listing.equalEnum(where, params, "state", filter.state(), ActivityState.class);
        Listing.equal(where, params, "ownerId", filter.ownerId());
        Listing.equalEnum(where, params, "regardingType", filter.regardingType(), RecordType.class);
        Listing.equal(where, params, "regardingId", filter.regardingId());
        String query = String.join(" and ", where);
        Sort order = Listing.sort(sort, SORTABLE, Sort.by("modifiedAt", Sort.Direction.Descending));
        return Listing.page(
                () -> ActivityRow.find(query, order, params),
                ActivityRow.class,
                query,
                params,
                ActivityRow::snapshot,
                paging);
    }

    public Uni<Listing.Page<NoteSnapshot>> notes(
            String regardingType, String regardingId, String authorId, Listing.Paging paging) {
        List<String> where = new ArrayList<>(List.of("deleted = false"));
        Parameters params = new Parameters();
        Listing.equalEnum(where, params, "regardingType", regardingType, RecordType.class);
        Listing.equal(where, params, "regardingId", regardingId);
        Listing.equal(where, params, "ownerId", authorId);
        String query = String.join(" and ", where);
        return Listing.page(
                () -> NoteRow.find(
                        query, Sort.by("modifiedAt", Sort.Direction.Descending).and("id"), params),
                NoteRow.class,
                query,
                params,
                NoteRow::snapshot,
                paging);
    }
}

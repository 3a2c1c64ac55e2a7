package dev.crm.timeline.query;

import dev.crm.events.v1.RecordType;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.query.Listing;
import dev.crm.platform.query.ReadModels;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A record's timeline, newest first: its own lines, and the notes and activities of the records linked to it (the
 * lead an opportunity came from; the leads and opportunities of a contact or an account).
 */
@ApplicationScoped
public class TimelineQueries {

    public static final Set<String> KINDS = Set.of("EVENT", "NOTE", "PHONE_CALL", "TASK", "EMAIL", "APPOINTMENT");

    public Uni<Listing.Page<TimelineEntry>> timeline(String recordId, List<String> kinds, int page, int size) {
        Listing.checkPage(page, size);
        List<String> wanted = kinds.stream()
                .map(k -> k.strip().toUpperCase(Locale.ROOT))
                .filter(k -> !k.isEmpty())
                .toList();
        for (String kind : wanted) {
            if (!KINDS.contains(kind)) {
                throw DomainException.invalid(
                        "kind",
                        "'" + kind + "' is not a kind; use " + String.join(", ", new java.util.TreeSet<>(KINDS))
                                + " (comma-separated)");
            }
        }
        String kindFilter = wanted.isEmpty() ? "" : " and e.kind in (:kinds)";
        String own = "select e.* from timeline_entry e where e.record_id = :record" + kindFilter;
        String linked = "select e.* from timeline_entry e join record_link l on l.related_id = e.record_id"
                + " where l.record_id = :record and e.kind <> 'EVENT'" + kindFilter;
        String rows = "select * from (" + own + " union all " + linked + ") t order by t.occurred_at desc, t.id desc"
                + " limit :size offset :offset";
        String count = "select (select count(*) from timeline_entry e where e.record_id = :record" + kindFilter
                + ") + (select count(*) from timeline_entry e join record_link l on l.related_id = e.record_id"
                + " where l.record_id = :record and e.kind <> 'EVENT'" + kindFilter + ")";
        return ReadModels.session(() -> Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<TimelineEntry> select = session.createNativeQuery(rows, TimelineEntry.class)
                    .setParameter("record", recordId)
                    .setParameter("size", size)
                    .setParameter("offset", page * size);
            Mutiny.SelectionQuery<Object> total =
                    session.createNativeQuery(count, Object.class).setParameter("record", recordId);
            if (!wanted.isEmpty()) {
                select.setParameter("kinds", wanted);
                total.setParameter("kinds", wanted);
            }
            return select.getResultList()
                    .chain(found -> total.getSingleResult()
                            .map(n -> Listing.Page.of(new ArrayList<>(found), page, size, ((Number) n).longValue())));
        }));
    }

    /** The type of a record the timeline knows, to tell a wrong path from an unknown record. */
    public Uni<RecordType> typeOf(String recordId) {
        return ReadModels.session(() -> KnownRecord.<KnownRecord>findById(recordId))
                .map(row -> row == null ? null : RecordType.valueOf(row.kind));
    }
}

package dev.crm.timeline.query;

import static dev.crm.platform.query.NativeValues.instant;

import dev.crm.platform.query.Documents;
import dev.crm.platform.query.Listing;
import dev.crm.platform.query.ReadModels;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A user's notifications: first the open activities they own that are due before the end of today, oldest due first
 * (computed when read, so no timer can miss one), then their notices not dismissed, newest first.
 */
@ApplicationScoped
public class NotificationQueries {

    public static final String ACTIVITY_PREFIX = "activity:";

    /** One notification; {@code activity} is set for a due activity, else it is a notice. */
    public record Item(
            String id,
            String kind,
            Instant time,
            String recordType,
            String recordId,
            String summary,
            String actingUser,
            ActivitySnapshot activity) {}

    private static final String UNION = """
            select 'activity:' || a.id as id, case when a.due_at < :now then 'OVERDUE' else 'DUE_TODAY' end as kind,
                   a.due_at as at, a.regarding_type as record_type, a.regarding_id as record_id, a.subject as summary,
                   null as acting_user, a.document as document, 0 as section
              from activity_view a
             where a.owner_id = :user and a.state = 'OPEN' and a.due_at < :endOfDay
            union all
            select n.id, n.kind, n.occurred_at, n.record_type, n.record_id, n.summary, n.acting_user, null, 1
              from notice n
             where n.recipient_id = :user
               and not exists (select 1 from notice_dismissal d where d.notification_id = n.id)
            """;

    public Uni<Listing.Page<Item>> forUser(String userId, Instant now, Instant endOfDay, int page, int size) {
        Listing.checkPage(page, size);
        String rows = "select id, kind, at, record_type, record_id, summary, acting_user, document from (" + UNION
                + ") x order by section, case when section = 0 then at end asc, at desc, id limit :size offset :offset";
        String count = "select count(*) from (" + UNION + ") x";
        return ReadModels.session(() -> Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<Object[]> select = session.createNativeQuery(rows, Object[].class);
            Mutiny.SelectionQuery<Object> total = session.createNativeQuery(count, Object.class);
            for (Mutiny.SelectionQuery<?> query : List.of(select, total)) {
                query.setParameter("user", userId).setParameter("now", now).setParameter("endOfDay", endOfDay);
            }
            select.setParameter("size", size).setParameter("offset", page * size);
            return select.getResultList()
                    .chain(found -> total.getSingleResult()
                            .map(n -> Listing.Page.of(
                                    found.stream()
                                            .map(NotificationQueries::item)
                                            .toList(),
                                    page,
                                    size,
                                    ((Number) n).longValue())));
        }));
    }

    /** Whether {@code notificationId} is a notice of this user. */
    public Uni<Boolean> isNoticeOf(String userId, String notificationId) {
        return ReadModels.session(() -> Notice.count("id = ?1 and recipientId = ?2", notificationId, userId))
                .map(n -> n > 0);
    }

    private static Item item(Object[] row) {
        String document = (String) row[7];
        return new Item(
                (String) row[0],
                (String) row[1],
                instant(row[2]),
                (String) row[3],
                (String) row[4],
                (String) row[5],
                (String) row[6],
                document == null ? null : Documents.read(document, ActivitySnapshot.class, (String) row[0]));
    }
}

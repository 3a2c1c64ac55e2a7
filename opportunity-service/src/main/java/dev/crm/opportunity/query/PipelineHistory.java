package dev.crm.opportunity.query;

import dev.crm.events.v1.Money;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The {@code pipeline_fact} intervals: what the pipeline report needs of an opportunity, from the time of the event
 * that set it until the next change. Only changes of these facts open a new interval (a new stakeholder does not).
 */
public final class PipelineHistory {

    /** The pipeline's view of an opportunity at one version. */
    public record Facts(
            String state,
            String stage,
            String ownerId,
            int probability,
            String forecastCategory,
            Money estimatedRevenue,
            LocalDate estimatedCloseDate,
            Money actualRevenue,
            LocalDate closeDate) {

        public static Facts of(OpportunitySnapshot s) {
            if (s == null) {
                return null;
            }
            OpportunityDetails d = s.details();
            OpportunitySnapshot.Close close = s.currentClose();
            return new Facts(
                    s.state().name(),
                    s.stage().name(),
                    s.ownerId(),
                    d.probability(),
                    d.forecastCategory().name(),
                    d.estimatedRevenue(),
                    d.estimatedCloseDate(),
                    close == null ? null : close.actualRevenue(),
                    close == null ? null : close.closeDate());
        }

        /** Money compares by value: 17000 and 17000.00 are the same revenue. */
        boolean sameAs(Facts other) {
            return other != null
                    && state.equals(other.state)
                    && stage.equals(other.stage)
                    && ownerId.equals(other.ownerId)
                    && probability == other.probability
                    && forecastCategory.equals(other.forecastCategory)
                    && same(estimatedRevenue, other.estimatedRevenue)
                    && Objects.equals(estimatedCloseDate, other.estimatedCloseDate)
                    && same(actualRevenue, other.actualRevenue)
                    && Objects.equals(closeDate, other.closeDate);
        }

        private static boolean same(Money a, Money b) {
            return a == null
                    ? b == null
                    : b != null
                            && a.currency().equals(b.currency())
                            && a.amount().compareTo(b.amount()) == 0;
        }
    }

    /** One version of an opportunity whose facts may have changed. */
    public record Change(String opportunityId, long version, Instant time, Facts before, Facts after) {
        boolean changesFacts() {
            return !after.sameAs(before);
        }
    }

    private static final String CLOSE_CURRENT = """
            update pipeline_fact set valid_to = ?1 where opportunity_id = ?2 and valid_to is null""";
    private static final String OPEN_NEXT = """
            insert into pipeline_fact (opportunity_id, version, valid_from, state, stage, owner_id, probability,
                forecast_category, estimated_revenue, revenue_currency, estimated_close_date, actual_revenue,
                actual_currency, close_date)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
            on conflict (opportunity_id, version) do nothing""";

    /** Ends the interval in force and opens the next one, in the session's transaction; nothing when no fact changed. */
    static Uni<Void> record(Mutiny.Session session, Change change) {
        if (!change.changesFacts()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime at = change.time().atOffset(ZoneOffset.UTC);
        Facts f = change.after();
        return session.createNativeQuery(CLOSE_CURRENT)
                .setParameter(1, at)
                .setParameter(2, change.opportunityId())
                .executeUpdate()
                .chain(() -> session.createNativeQuery(OPEN_NEXT)
                        .setParameter(1, change.opportunityId())
                        .setParameter(2, change.version())
                        .setParameter(3, at)
                        .setParameter(4, f.state())
                        .setParameter(5, f.stage())
                        .setParameter(6, f.ownerId())
                        .setParameter(7, f.probability())
                        .setParameter(8, f.forecastCategory())
                        .setParameter(9, amount(f.estimatedRevenue()))
                        .setParameter(10, currency(f.estimatedRevenue()))
                        .setParameter(11, f.estimatedCloseDate())
                        .setParameter(12, amount(f.actualRevenue()))
                        .setParameter(13, currency(f.actualRevenue()))
                        .setParameter(14, f.closeDate())
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static BigDecimal amount(Money money) {
        return money == null ? null : money.amount();
    }

    private static String currency(Money money) {
        return money == null ? null : money.currency();
    }

    private PipelineHistory() {}
}

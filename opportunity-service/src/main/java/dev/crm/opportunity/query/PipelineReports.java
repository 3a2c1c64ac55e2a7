package dev.crm.opportunity.query;

import dev.crm.events.v1.opportunity.SalesStage;
import dev.crm.platform.query.ReadModels;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The pipeline report, from {@code pipeline_fact}: the open opportunities per stage (count, estimated revenue and
 * revenue weighted by probability, per currency) and the won and lost ones with the win rate. Now, or as the pipeline
 * stood at any past instant: the intervals in force then, which later changes do not touch.
 */
@ApplicationScoped
public class PipelineReports {

    /**
     * {@code asOf} null: now. {@code ownerId} null: everyone's. The close-date range (inclusive, either end open)
     * applies to the estimated close date of open opportunities and to the actual close date of closed ones.
     */
    public record Criteria(Instant asOf, String ownerId, LocalDate closeDateFrom, LocalDate closeDateTo) {}

    /** Sums of one currency. */
    public record Amount(String currency, long count, BigDecimal estimatedRevenue, BigDecimal weightedRevenue) {}

    public record StageLine(SalesStage stage, long count, List<Amount> amounts) {}

    /** All open opportunities, whatever their stage. */
    public record Open(long count, List<Amount> amounts) {}

    public record ClosedAmount(String currency, long count, BigDecimal actualRevenue) {}

    public record Outcome(long count, List<ClosedAmount> amounts) {}

    /** {@code winRate}: won / (won + lost), null when none was closed. */
    public record Report(
            Instant asOf,
            String ownerId,
            LocalDate closeDateFrom,
            LocalDate closeDateTo,
            List<StageLine> stages,
            Open open,
            Outcome won,
            Outcome lost,
            BigDecimal winRate) {}

    public Uni<Report> report(Criteria criteria) {
        return ReadModels.session(() -> Panache.getSession()
                .chain(session -> open(session, criteria)
                        .chain(stages ->
                                closed(session, criteria).map(outcomes -> assemble(criteria, stages, outcomes)))));
    }

    private Uni<List<Object[]>> open(Mutiny.Session session, Criteria c) {
        Query q = new Query(c, "estimated_close_date");
        String sql = "select stage, revenue_currency, count(*), sum(estimated_revenue),"
                + " sum(estimated_revenue * probability) / 100 from pipeline_fact where state = 'OPEN' and "
                + q.where() + " group by stage, revenue_currency";
        return q.bind(session.createNativeQuery(sql, Object[].class)).getResultList();
    }

    private Uni<List<Object[]>> closed(Mutiny.Session session, Criteria c) {
        Query q = new Query(c, "close_date");
        String sql = "select state, actual_currency, count(*), sum(actual_revenue) from pipeline_fact"
                + " where state in ('WON', 'LOST') and " + q.where() + " group by state, actual_currency";
        return q.bind(session.createNativeQuery(sql, Object[].class)).getResultList();
    }

    /** The conditions shared by both parts: the intervals in force at the instant, the owner, the close dates. */
    private static final class Query {
        private final List<String> conditions = new ArrayList<>();
        private final Map<String, Object> parameters = new LinkedHashMap<>();

        Query(Criteria c, String dateColumn) {
            if (c.asOf() == null) {
                conditions.add("valid_to is null");
            } else {
                conditions.add("valid_from <= :asOf and (valid_to is null or valid_to > :asOf)");
                parameters.put("asOf", c.asOf().atOffset(ZoneOffset.UTC));
            }
            if (c.ownerId() != null) {
                conditions.add("owner_id = :owner");
                parameters.put("owner", c.ownerId());
            }
            if (c.closeDateFrom() != null) {
                conditions.add(dateColumn + " >= :closeFrom");
                parameters.put("closeFrom", c.closeDateFrom());
            }
            if (c.closeDateTo() != null) {
                conditions.add(dateColumn + " <= :closeTo");
                parameters.put("closeTo", c.closeDateTo());
            }
        }

        String where() {
            return String.join(" and ", conditions);
        }

        <Q extends Mutiny.SelectionQuery<Object[]>> Q bind(Q query) {
            parameters.forEach(query::setParameter);
            return query;
        }
    }

    private static Report assemble(Criteria c, List<Object[]> openRows, List<Object[]> closedRows) {
        Map<SalesStage, List<Object[]>> byStage = new LinkedHashMap<>();
        for (SalesStage stage : SalesStage.values()) {
            byStage.put(stage, new ArrayList<>());
        }
        openRows.forEach(row -> byStage.get(SalesStage.valueOf((String) row[0])).add(row));
        List<StageLine> stages = byStage.entrySet().stream()
                .map(e -> stageLine(e.getKey(), e.getValue()))
                .toList();
        StageLine all = stageLine(null, openRows);
        Open open = new Open(all.count(), all.amounts());
        Outcome won = outcome(closedRows, "WON");
        Outcome lost = outcome(closedRows, "LOST");
        long closed = won.count() + lost.count();
        BigDecimal winRate = closed == 0
                ? null
                : BigDecimal.valueOf(won.count()).divide(BigDecimal.valueOf(closed), 4, RoundingMode.HALF_EVEN);
        return new Report(c.asOf(), c.ownerId(), c.closeDateFrom(), c.closeDateTo(), stages, open, won, lost, winRate);
    }

    /** Rows of one stage (or of all, for the total) summed per currency; rows without revenue only count. */
    private static StageLine stageLine(SalesStage stage, List<Object[]> rows) {
        Map<String, Amount> perCurrency = new java.util.TreeMap<>();
        long count = 0;
        for (Object[] row : rows) {
            long n = ((Number) row[2]).longValue();
            count += n;
            String currency = (String) row[1];
            if (currency != null) {
                Amount sum = new Amount(currency, n, money(row[3]), money(row[4]));
                perCurrency.merge(
                        currency,
                        sum,
                        (a, b) -> new Amount(
                                currency,
                                a.count() + b.count(),
                                a.estimatedRevenue().add(b.estimatedRevenue()),
                                a.weightedRevenue().add(b.weightedRevenue())));
            }
        }
        return new StageLine(stage, count, List.copyOf(perCurrency.values()));
    }

    private static Outcome outcome(List<Object[]> rows, String state) {
        long count = 0;
        List<ClosedAmount> amounts = new ArrayList<>();
        for (Object[] row : rows) {
            if (!state.equals(row[0])) {
                continue;
            }
            long n = ((Number) row[2]).longValue();
            count += n;
            if (row[1] != null) {
                amounts.add(new ClosedAmount((String) row[1], n, money(row[3])));
            }
        }
        amounts.sort(java.util.Comparator.comparing(ClosedAmount::currency));
        return new Outcome(count, List.copyOf(amounts));
    }

    private static BigDecimal money(Object value) {
        BigDecimal amount = value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
        return amount.setScale(2, RoundingMode.HALF_EVEN);
    }
}

package dev.crm.platform.query;

import dev.crm.platform.domain.DomainException;
import dev.crm.platform.web.QueryParams;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jspecify.annotations.Nullable;

/** Paging, sorting and text-search rules shared by every list endpoint. */
public final class Listing {

    public static final int MAX_PAGE_SIZE = 200;
    /**
     * How deep a list pages: the first million rows of any filter and order. Further offsets cost a scan of every row
     * before them on each request; a narrower filter or another sort order reaches any row sooner.
     */
    public static final long MAX_OFFSET = 1_000_000;

    /**
     * How far past the page asked for a list counts by default. Counting every matching row costs a scan of all of
     * them for each page (a quarter of a second at 200,000 leads); this many is enough to page on. {@code count=exact}
     * counts them all.
     */
    public static final int COUNTED_AHEAD = 10_000;
    /** The OpenAPI description of the {@code count} query parameter. */
    public static final String COUNT_DESCRIPTION = "exact: count every matching row (by default the count stops "
            + COUNTED_AHEAD + " rows past the page; totalItemsExact says which)";

    /**
     * One page of a list, as every list endpoint answers it. {@code totalItemsExact} false: there are at least
     * {@code totalItems} matching rows (the count stopped there).
     */
    public record Page<T>(List<T> items, int page, int size, long totalItems, boolean totalItemsExact, int totalPages) {
        public static <T> Page<T> of(List<T> items, int page, int size, long total) {
            return of(items, page, size, total, true);
        }

        public static <T> Page<T> of(List<T> items, int page, int size, long total, boolean exact) {
            return new Page<>(items, page, size, total, exact, (int) ((total + size - 1) / size));
        }

        /** The same page with each item mapped (a read model's rows to the API's representation). */
        public <U> Page<U> map(Function<? super T, ? extends U> mapping) {
            return new Page<>(
                    items.stream().<U>map(mapping).toList(), page, size, totalItems, totalItemsExact, totalPages);
        }
    }

    /**
     * The page, size and count query parameters, read as text so that "page=first" is a 400 naming it (JAX-RS says
     * 404). The count stops at {@code countLimit} matching rows: {@link #COUNTED_AHEAD} past the page, or none with
     * {@code count=exact}.
     */
    public record Paging(int page, int size, long countLimit) {
        private static final long EXACT = Long.MAX_VALUE;

        public static Paging of(String page, String size) {
            return of(page, size, null);
        }

        public static Paging of(String page, String size, @Nullable String count) {
            return of(page, size, count, 20, MAX_PAGE_SIZE);
        }

        /** With another default and largest page size (a download, for instance). */
        public static Paging of(String page, String size, @Nullable String count, int defaultSize, int maxSize) {
            boolean exact = false;
            if (count != null && !count.isBlank()) {
                if (!count.strip().equalsIgnoreCase("exact")) {
                    throw DomainException.invalid(
                            "count",
                            "must be 'exact' (count every matching row); without it" + " the count stops "
                                    + COUNTED_AHEAD + " rows after the page");
                }
                exact = true;
            }
            int number = QueryParams.number("page", page, 0);
            int rows = QueryParams.number("size", size, defaultSize);
            checkPage(number, rows, maxSize);
            return new Paging(number, rows, exact ? EXACT : (long) (number + 1) * rows + COUNTED_AHEAD);
        }

        public boolean exactCount() {
            return countLimit == EXACT;
        }
    }

    /**
     * One page of a read-model query and its count, in one reactive session. {@code entity}, {@code where} and
     * {@code params} are the query's, for the count; {@code query} is the same query, sorted.
     */
    public static <R, T> Uni<Page<T>> page(
            Supplier<PanacheQuery<R>> query,
            Class<R> entity,
            String where,
            Parameters params,
            Function<R, T> item,
            Paging paging) {
        return ReadModels.session(() -> {
            PanacheQuery<R> rows = query.get().page(io.quarkus.panache.common.Page.of(paging.page(), paging.size()));
            return rows.list().chain(found -> {
                List<T> items = found.stream().map(item).toList();
                if (paging.exactCount()) {
                    return rows.count().map(total -> Page.of(items, paging.page(), paging.size(), total));
                }
                return countUpTo(entity, where, params, paging.countLimit())
                        .map(total -> Page.of(items, paging.page(), paging.size(), total, total < paging.countLimit()));
            });
        });
    }

    /** The number of rows matching {@code where}, or {@code limit} if there are that many or more. */
    private static Uni<Long> countUpTo(Class<?> entity, String where, Parameters params, long limit) {
        String hql = "select count(*) from (select id as id from " + entity.getSimpleName()
                + (where.isBlank() ? "" : " where " + where) + " order by id limit " + limit + ") counted";
        return Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<Long> count = session.createSelectionQuery(hql, Long.class);
            params.map().forEach(count::setParameter);
            return count.getSingleResult();
        });
    }

    public static void checkPage(int page, int size) {
        checkPage(page, size, MAX_PAGE_SIZE);
    }

    /** A page within {@link #MAX_OFFSET} rows of the start, of 1 to {@code maxSize} rows. */
    public static void checkPage(int page, int size, int maxSize) {
        if (size < 1 || size > maxSize) {
            throw DomainException.invalid("size", "must be between 1 and " + maxSize);
        }
        long lastPage = MAX_OFFSET / size - 1;
        if (page < 0 || page > lastPage) {
            throw DomainException.invalid(
                    "page",
                    "must be between 0 and " + lastPage + " for pages of " + size + " (lists page through their first "
                            + MAX_OFFSET + " rows; filter or sort to reach others)");
        }
    }

    /**
     * The constant of {@code type} a filter names, any case, or null when none is given; an unknown one is a 400
     * naming {@code parameter} and listing the values it may take.
     */
    public static <E extends Enum<E>> @Nullable E enumFilter(String parameter, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(
                    parameter,
                    "must be one of " + java.util.Arrays.toString(type.getEnumConstants()) + ", not '"
                            + dev.crm.platform.web.TextRules.excerpt(value, 50) + "'");
        }
    }

    /**
     * "lastName,-createdAt" to a Panache sort over the columns {@code sortable} maps API names to; ties broken by id
     * so that pages never overlap. Empty: {@code fallback}.
     */
    public static Sort sort(String sort, Map<String, String> sortable, Sort fallback) {
        if (sort == null || sort.isBlank()) {
            return fallback.and("id");
        }
        Sort result = null;
        for (String part : sort.split(",")) {
            String name = part.trim();
            Sort.Direction direction = Sort.Direction.Ascending;
            if (name.startsWith("-")) {
                direction = Sort.Direction.Descending;
                name = name.substring(1);
            } else if (name.startsWith("+")) {
                name = name.substring(1);
            }
            String column = sortable.get(name);
            if (column == null) {
                throw DomainException.invalid(
                        "sort",
                        "'" + name + "' is not sortable; use one of " + new TreeSet<>(sortable.keySet())
                                + ", prefixed with - for descending");
            }
            result = result == null ? Sort.by(column, direction) : result.and(column, direction);
        }
        return result == null ? Sort.by("id") : result.and("id");
    }

    /** Adds one condition per word of {@code text}: every word must appear in {@code column} (lower-cased text). */
    public static void textSearch(List<String> where, Parameters params, String column, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        int i = 0;
        for (String word : text.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            where.add(column + " like :q" + i);
            params.and("q" + i, containing(word));
            i++;
        }
    }

    /**
     * The named views of a list ({@code open}, {@code my-open}...), in the order they are offered: each is a condition
     * on the read model, where {@code :caller} stands for the calling user. No view given: {@code all}.
     */
    public static final class Views {
        private final Map<String, String> conditions = new java.util.LinkedHashMap<>();

        /** {@code name, condition, name, condition...}; an empty condition selects every row. */
        public static Views of(String... namesAndConditions) {
            Views views = new Views();
            for (int i = 0; i + 1 < namesAndConditions.length; i += 2) {
                views.conditions.put(namesAndConditions[i], namesAndConditions[i + 1]);
            }
            return views;
        }

        /** Adds the condition of {@code view}; an unknown name is a 400 listing the views. */
        public void select(List<String> where, Parameters params, String view, String caller) {
            String name = view == null || view.isBlank() ? "all" : view.strip().toLowerCase(Locale.ROOT);
            String condition = conditions.get(name);
            if (condition == null) {
                throw DomainException.invalid("view", "must be one of " + String.join(", ", conditions.keySet()));
            }
            if (!condition.isEmpty()) {
                where.add(condition);
            }
            if (condition.contains(":caller")) {
                params.and("caller", caller);
            }
        }
    }

    /**
     * Adds {@code field = VALUE} for an enum-valued filter, so that {@code stage=develop} matches DEVELOP; a value that
     * is not a constant of {@code type} is a 400 naming the filter and the values it takes (never an empty list).
     */
    public static <E extends Enum<E>> void equalEnum(
            List<String> where, Parameters params, String field, String value, Class<E> type) {
        E constant = enumFilter(field, value, type);
        equal(where, params, field, constant == null ? null : constant.name());
    }

    /** Adds {@code field = value} when a value is given (trimmed). */
    public static void equal(List<String> where, Parameters params, String field, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            where.add(field + " = :" + field);
            params.and(field, value.trim());
        }
    }

    /** A LIKE pattern matching {@code word} anywhere, with LIKE's wildcards escaped. */
    public static String containing(String word) {
        return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private Listing() {}
}

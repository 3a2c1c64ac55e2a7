package dev.crm.timeline.api;

import dev.crm.events.v1.Regarding;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.query.EventHistory;
import dev.crm.platform.query.Listing;
import dev.crm.platform.query.ProjectionProgress;
import dev.crm.platform.query.ReadModels;
import dev.crm.platform.web.RecordEndpoints;
import dev.crm.timeline.query.KnownRecords;
import dev.crm.timeline.query.RecordSummary;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * What the timeline's resources do the same way: check a regarding against the replica of records, and answer with the
 * names, owners and states of the records an answer mentions (one look-up per answer).
 */
@ApplicationScoped
public class TimelineReads {

    @Inject
    KnownRecords records;

    @Inject
    EventHistory history;

    @Inject
    ProjectionProgress progress;

    /** A regarding must name a record of that type known to the system: else a 400 naming the field. */
    public void requireKnown(Regarding regarding) {
        var known = ReadModels.await(() -> records.find(regarding.type(), regarding.id()));
        if (known.isEmpty()) {
            throw DomainException.invalid(
                    "regarding.id",
                    "no " + regarding.type().name().toLowerCase(Locale.ROOT) + " with id " + regarding.id());
        }
        if (RecordSummary.DELETED.equals(known.get().state())) {
            throw DomainException.invalid(
                    "regarding.id",
                    "the " + regarding.type().name().toLowerCase(Locale.ROOT) + " " + regarding.id() + " was deleted");
        }
    }

    /**
     * The endpoints of an aggregate whose records are about another one ({@code regarding}): answered with that
     * record's name, owner and state beside them.
     */
    public <S> RecordEndpoints<S> endpoints(
            String type,
            String basePath,
            EventHistory.Fold<S> fold,
            ToLongFunction<S> version,
            Function<S, Regarding> regarding,
            BiFunction<S, Map<String, RecordSummary>, ?> body) {
        return new RecordEndpoints<>(
                type,
                basePath,
                history,
                progress,
                fold,
                version,
                s -> body.apply(
                        s,
                        ReadModels.await(
                                () -> records.all(Set.of(regarding.apply(s).id())))));
    }

    /** A page of read-model items answered as {@code item}s, with the records each one mentions ({@code ids}). */
    public <T, R> Uni<Listing.Page<R>> named(
            Listing.Page<T> page, Function<T, Stream<String>> ids, BiFunction<T, Map<String, RecordSummary>, R> item) {
        Set<String> mentioned = new LinkedHashSet<>();
        page.items()
                .forEach(t -> ids.apply(t).filter(java.util.Objects::nonNull).forEach(mentioned::add));
        return records.all(mentioned).map(known -> page.map(t -> item.apply(t, known)));
    }
}

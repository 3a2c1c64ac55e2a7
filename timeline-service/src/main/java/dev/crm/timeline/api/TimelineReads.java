package dev.crm.timeline.api;

import dev.crm.events.v1.Regarding;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.query.ReadModels;
import dev.crm.timeline.query.KnownRecords;
import dev.crm.timeline.query.RecordSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The replica look-ups the resources make from blocking code: checking a regarding, naming records. */
@ApplicationScoped
public class TimelineReads {

    @Inject
    KnownRecords records;

    /** A regarding must name a record of that type known to the system: else a 400 naming the field. */
    public void requireKnown(Regarding regarding) {
        if (ReadModels.await(() -> records.find(regarding.type(), regarding.id())).isEmpty()) {
            throw DomainException.invalid("regarding.id", "no " + regarding.type().name().toLowerCase(Locale.ROOT)
                    + " with id " + regarding.id());
        }
    }

    public Map<String, RecordSummary> named(Collection<String> ids) {
        return ReadModels.await(() -> records.all(ids));
    }

    public Map<String, RecordSummary> named(String id) {
        return named(Set.of(id));
    }
}

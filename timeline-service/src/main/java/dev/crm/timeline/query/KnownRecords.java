package dev.crm.timeline.query;

import dev.crm.events.v1.RecordType;
import dev.crm.platform.query.ReadModels;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Look-ups in the replica of leads, opportunities, contacts and accounts. */
@ApplicationScoped
public class KnownRecords {

    /** The record with this id, if it is of {@code type}. */
    public Uni<Optional<RecordSummary>> find(RecordType type, String id) {
        return ReadModels.session(() -> KnownRecord.<KnownRecord>findById(id))
                .map(row -> Optional.ofNullable(row)
                        .filter(r -> r.kind.equals(type.name()))
                        .map(KnownRecord::summary));
    }

    /** The known records among {@code ids}, by id. */
    public Uni<Map<String, RecordSummary>> all(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return ReadModels.session(() -> KnownRecord.<KnownRecord>list("id in ?1", List.copyOf(ids)))
                .map(rows -> {
                    Map<String, RecordSummary> byId = new HashMap<>();
                    rows.forEach(row -> byId.put(row.id, row.summary()));
                    return byId;
                });
    }
}

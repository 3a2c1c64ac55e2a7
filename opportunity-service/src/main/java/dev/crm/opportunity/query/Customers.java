package dev.crm.opportunity.query;

import dev.crm.platform.query.ReadModels;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Look-ups in the replica of contacts and accounts. */
@ApplicationScoped
public class Customers {

    /** The ids among {@code ids} that no contact or account of {@code kind} has. */
    public Uni<List<String>> unknown(CustomerReplica.Kind kind, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return ReadModels.session(
                        () -> CustomerReplica.<CustomerReplica>list("id in ?1 and kind = ?2", ids, kind.name()))
                .map(found -> ids.stream()
                        .filter(id -> found.stream().noneMatch(row -> row.id.equals(id)))
                        .toList());
    }
}

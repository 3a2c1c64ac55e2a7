package dev.crm.platform.relay;

import dev.crm.platform.security.Actor;
import dev.crm.platform.security.CurrentUser;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The relay audit as a command (sales managers, like a repair): runs it now and answers what is missing; a missing
 * event is published again by repairing its record ({@code POST /api/v1/repairs}).
 */
@Path("/api/v1/relay-audits")
@Tag(name = "Repairs")
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class RelayAuditResource {

    private static final Logger LOG = Logger.getLogger(RelayAuditResource.class);

    @Inject
    RelayAudit audit;

    @Inject
    CurrentUser user;

    @POST
    @Operation(
            summary =
                    "Compare this service's event store with its topics: the events the relay passed that are not on Kafka, per record (repair those records to publish them)")
    public RelayAudit.Result run() {
        user.actor().requireManager("audit the relay");
        RelayAudit.Result result = audit.run();
        if (result.missingEvents() > 0) {
            LOG.warnf(
                    "Relay audit by %s: %d event(s) of %d records are not on Kafka: %s",
                    user.actor().userId(),
                    result.missingEvents(),
                    result.missing().size(),
                    result.missing().stream().limit(20).toList());
        }
        return result;
    }
}

package dev.crm.platform.health;

import dev.crm.platform.relay.KafkaEventRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the relay cannot publish (its last batch was not acknowledged by Kafka): the service still takes
 * commands, but their events wait in the event store and other services do not see them yet.
 */
@Readiness
@ApplicationScoped
public class RelayReadiness implements HealthCheck {

    @Inject
    KafkaEventRelay relay;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka-relay").status(relay.isHealthy());
        java.time.Instant lastFailure = relay.lastFailure();
        if (!relay.isHealthy() && lastFailure != null) {
            response.withData("lastFailure", lastFailure.toString());
        }
        return response.build();
    }
}

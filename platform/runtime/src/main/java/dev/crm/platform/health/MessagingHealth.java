package dev.crm.platform.health;

import dev.crm.platform.relay.KafkaEventRelay;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The relay's state, in the {@code messaging} health group ({@code /q/health/group/messaging}), never in readiness: a
 * service whose broker is away still takes commands (their events wait in the event store), so taking it out of its
 * Service would turn a broker blip into an outage. Operators alert on it and on {@code crm.relay.backlog}.
 */
@HealthGroup("messaging")
@ApplicationScoped
public class MessagingHealth implements HealthCheck {

    @Inject
    KafkaEventRelay relay;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka-relay").status(relay.isHealthy());
        Instant lastFailure = relay.lastFailure();
        if (lastFailure != null) {
            response.withData("lastFailure", lastFailure.toString());
        }
        relay.backlog().ifPresent(backlog -> response.withData("backlog", backlog));
        return response.build();
    }
}

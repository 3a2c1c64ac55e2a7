package dev.crm.platform.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;

/** Starts one {@link ConsumerLoop} thread per {@link EventConsumer} bean at startup and stops them at shutdown. */
@ApplicationScoped
public class EventConsumers {

    @Inject
    Instance<EventConsumer> consumers;
    @Inject
    Inbox inbox;
    @Inject
    DeadLetters deadLetters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "crm.consumers.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "crm.consumers.max-attempts", defaultValue = "5")
    int maxAttempts;

    private final List<ConsumerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        for (EventConsumer consumer : consumers) {
            ConsumerLoop loop = new ConsumerLoop(consumer, inbox, deadLetters, bootstrapServers, maxAttempts);
            Thread thread = new Thread(loop, "consumer-" + consumer.group());
            thread.setDaemon(true);
            thread.start();
            loops.add(loop);
            threads.add(thread);
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        loops.forEach(ConsumerLoop::stop);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }
}

package dev.crm.platform.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crm.platform.relay.KafkaEventRelay;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Builds Axon's configuration once at startup, by hand (there is no Axon extension for Quarkus), and exposes its
 * gateways as CDI beans. Events are stored by the JDBC engine in the service's PostgreSQL database; the Kafka relay
 * is a tracking processor over that store, so the event store is the outbox.
 */
@ApplicationScoped
public class AxonRuntime {

    private static final Logger LOG = Logger.getLogger(AxonRuntime.class);
    public static final String RELAY_PROCESSOR = "kafka-relay";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    jakarta.transaction.TransactionManager jta;

    @Inject
    Instance<AxonModule> modules;

    @Inject
    KafkaEventRelay relay;

    @ConfigProperty(name = "crm.relay.enabled", defaultValue = "true")
    boolean relayEnabled;

    @ConfigProperty(name = "crm.relay.batch-size", defaultValue = "200")
    int relayBatchSize;

    @ConfigProperty(name = "crm.event-store.fetch-delay", defaultValue = "PT0.05S")
    java.time.Duration fetchDelay;

    @ConfigProperty(name = "crm.event-store.gap-timeout", defaultValue = "PT2M")
    java.time.Duration gapTimeout;

    @ConfigProperty(name = "quarkus.transaction-manager.default-transaction-timeout", defaultValue = "60s")
    java.time.Duration transactionTimeout;

    @ConfigProperty(name = "crm.relay.claim-timeout", defaultValue = "PT5S")
    java.time.Duration claimTimeout;

    @ConfigProperty(name = "crm.instance.id")
    String instanceId;

    private volatile @Nullable Configuration configuration;

    void onStart(@Observes @Priority(10) StartupEvent event) {
        configuration();
    }

    void onStop(@Observes ShutdownEvent event) {
        Configuration current = configuration;
        if (current != null) {
            current.shutdown();
        }
    }

    public Configuration configuration() {
        Configuration current = configuration;
        if (current == null) {
            synchronized (this) {
                if (configuration == null) {
                    configuration = start();
                }
                current = configuration;
            }
        }
        return current;
    }

    @Produces
    @ApplicationScoped
    CommandGateway commandGateway() {
        return configuration().commandGateway();
    }

    @Produces
    @ApplicationScoped
    EventStore eventStore() {
        return configuration().eventStore();
    }

    private Configuration start() {
        requireGapTimeoutAboveTransactions(gapTimeout, transactionTimeout);
        TransactionManager transactionManager = new JtaTransactionManager(jta);
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(EventJson.configure(new ObjectMapper()))
                .classLoader(classLoader)
                .build();

        JdbcEventStorageEngine storageEngine = JdbcEventStorageEngine.builder()
                .connectionProvider(dataSource::getConnection)
                .transactionManager(transactionManager)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .dataType(byte[].class)
                .persistenceExceptionResolver(AxonRuntime::isDuplicateKey)
                // a gap (an index allocated by a transaction not yet committed) is waited for this long, not given up
                // when 10,000 later events pass it (the default): at a thousand events a second that took 10 s
                .gapTimeout(Math.toIntExact(gapTimeout.toMillis()))
                .maxGapOffset(Integer.MAX_VALUE / 2)
                .build();
        TokenStore tokenStore = JdbcTokenStore.builder()
                .connectionProvider(dataSource::getConnection)
                .serializer(serializer)
                .contentType(byte[].class)
                // the owner extends its claim every second while idle and with each batch; a dead owner's relay
                // moves to a surviving replica after this
                .claimTimeout(claimTimeout)
                .nodeId(instanceId)
                .build();

        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureTransactionManager(c -> transactionManager)
                .configureSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureEventStore(c -> {
                    // a commit that lands while the store's reader is busy fetching is otherwise only seen after
                    // fetchDelay (Axon's default: 1 s), which made the relay's p99 lag about a second
                    EmbeddedEventStore store = EmbeddedEventStore.builder()
                            .storageEngine(storageEngine)
                            .fetchDelay(fetchDelay.toMillis())
                            .spanFactory(c.getComponent(EventBusSpanFactory.class))
                            .build();
                    c.onShutdown(store::shutDown);
                    return store;
                })
                .configureCorrelationDataProviders(c -> List.of(CommandMetadata.PROVIDER));
        configurer.eventProcessing().registerTokenStore(c -> tokenStore);

        if (relayEnabled) {
            ClientProxy.unwrap(relay).publishStoredForm(serializer);
            configurer
                    .eventProcessing()
                    .registerTrackingEventProcessor(
                            RELAY_PROCESSOR,
                            Configuration::eventStore,
                            c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                    .andBatchSize(relayBatchSize)
                                    .andEventAvailabilityTimeout(1, java.util.concurrent.TimeUnit.SECONDS)
                                    .andTokenClaimInterval(1, java.util.concurrent.TimeUnit.SECONDS)
                                    .andEventTrackerStatusChangeListener(relay::trackerChanged))
                    // the CDI client proxy would hide the handler annotations from Axon's inspection
                    .registerEventHandler(c -> ClientProxy.unwrap(relay))
                    .assignHandlerInstancesMatching(RELAY_PROCESSOR, handler -> handler instanceof KafkaEventRelay)
                    // Axon's default error handler logs and skips: for the relay that would lose events
                    .registerListenerInvocationErrorHandler(RELAY_PROCESSOR, c -> PropagatingErrorHandler.instance());
        }

        for (AxonModule module : modules) {
            module.configure(configurer);
        }
        Configuration started = configurer.buildConfiguration();
        // a command answers with the events it applied (Applied), so that a request needs no second read
        started.eventStore().registerDispatchInterceptor(Applied.recorder());
        ((org.axonframework.messaging.MessageHandlerInterceptorSupport<
                                org.axonframework.commandhandling.CommandMessage<?>>)
                        started.commandBus())
                .registerHandlerInterceptor(Applied.wrapper());
        started.start();
        LOG.infof("Axon started (relay %s)", relayEnabled ? "enabled" : "disabled");
        return started;
    }

    /**
     * A transaction that allocated an event's index commits within the transaction timeout, and the events after its
     * gap were stamped at most one transaction timeout before their own index was allocated: a gap timeout above twice
     * that (plus a margin for clocks) never gives up an append that can still commit, so the relay never skips one.
     */
    static void requireGapTimeoutAboveTransactions(
            java.time.Duration gapTimeout, java.time.Duration transactionTimeout) {
        java.time.Duration needed = transactionTimeout.multipliedBy(2).plusSeconds(10);
        if (gapTimeout.compareTo(needed) < 0) {
            throw new IllegalStateException("crm.event-store.gap-timeout (" + gapTimeout + ") must be at least twice"
                    + " quarkus.transaction-manager.default-transaction-timeout (" + transactionTimeout
                    + ") plus 10 s, or an append committing late could be skipped by the relay");
        }
    }

    /** The unique (aggregate, sequence) index answers PostgreSQL's 23505 when two writers race on one aggregate. */
    static boolean isDuplicateKey(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}

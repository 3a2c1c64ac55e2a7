package dev.crm.systemtests;

import dev.crm.testing.CrmTestInfrastructure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four services as processes on one test infrastructure (a Kafka broker, a PostgreSQL server), each with its own
 * database: started together, each then waited for; stopped with the infrastructure.
 */
final class CrmSystem implements AutoCloseable {

    /** The in-JVM broker and the test's Kafka clients are verbose at INFO; held so the levels stay set. */
    private static final List<java.util.logging.Logger> QUIET = List.of(java.util.logging.Logger.getLogger("kafka"),
            java.util.logging.Logger.getLogger("org.apache.kafka"), java.util.logging.Logger.getLogger("state.change.logger"));

    private final CrmTestInfrastructure infrastructure = new CrmTestInfrastructure();
    private final Map<String, String> settings;
    private final Map<String, String> databases = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    private CrmSystem(Map<String, Map<String, String>> extraEnvironment) {
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
        settings = infrastructure.start();
        for (String module : List.of("lead-service", "contact-account-service", "opportunity-service",
                "timeline-service")) {
            String database = databases.isEmpty() ? settings.get("quarkus.datasource.jdbc.url")
                    : infrastructure.createDatabase();
            databases.put(module, database);
            Map<String, String> environment = new LinkedHashMap<>(ServiceProcess.environment(settings, database));
            environment.putAll(extraEnvironment.getOrDefault(module, Map.of()));
            services.put(module, ServiceProcess.start(module, environment));
        }
        services.values().forEach(ServiceProcess::awaitReady);
    }

    /** Starts the system; {@code extraEnvironment}: variables to add, by module. */
    static CrmSystem start(Map<String, Map<String, String>> extraEnvironment) {
        return new CrmSystem(extraEnvironment);
    }

    static CrmSystem start() {
        return start(Map.of());
    }

    ServiceProcess service(String module) {
        return services.get(module);
    }

    /** After a restart the process is another one: the system stops that one. */
    void replace(String module, ServiceProcess restarted) {
        services.put(module, restarted);
    }

    List<ServiceProcess> all() {
        return List.copyOf(services.values());
    }

    String database(String module) {
        return databases.get(module);
    }

    /** The infrastructure's settings: the database user and password, the broker, the token key. */
    Map<String, String> settings() {
        return settings;
    }

    @Override
    public void close() {
        try {
            ServiceProcess.stopAll(services.values().toArray(ServiceProcess[]::new));
        } finally {
            infrastructure.stop();
        }
    }
}

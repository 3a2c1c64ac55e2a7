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
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("kafka"),
            java.util.logging.Logger.getLogger("org.apache.kafka"),
            java.util.logging.Logger.getLogger("state.change.logger"));

    private final CrmTestInfrastructure infrastructure = new CrmTestInfrastructure();
    private final Map<String, String> settings;
    private final Map<String, String> databases = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    private CrmSystem(Map<String, Map<String, String>> extraEnvironment, Map<String, String> roles) {
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
        settings = infrastructure.start();
        for (String module :
                List.of("lead-service", "contact-account-service", "opportunity-service", "timeline-service")) {
            String database =
                    databases.isEmpty() ? settings.get("quarkus.datasource.jdbc.url") : infrastructure.createDatabase();
            databases.put(module, database);
            Map<String, String> environment = new LinkedHashMap<>(ServiceProcess.environment(settings, database));
            String role = roles.get(module);
            if (role != null) {
                ownedBy(database, role);
                environment.put("QUARKUS_DATASOURCE_USERNAME", role);
                environment.put("QUARKUS_DATASOURCE_PASSWORD", role);
            }
            environment.putAll(extraEnvironment.getOrDefault(module, Map.of()));
            services.put(module, ServiceProcess.start(module, environment));
        }
        services.values().forEach(ServiceProcess::awaitReady);
    }

    /** Starts the system; {@code extraEnvironment}: variables to add, by module. */
    static CrmSystem start(Map<String, Map<String, String>> extraEnvironment) {
        return new CrmSystem(extraEnvironment, Map.of());
    }

    /**
     * As {@link #start(Map)}; {@code roles}: modules that connect as a role of their own (login, not a superuser,
     * password = name, owner of the module's database), so that a test can refuse that role alone.
     */
    static CrmSystem start(Map<String, Map<String, String>> extraEnvironment, Map<String, String> roles) {
        return new CrmSystem(extraEnvironment, roles);
    }

    private void ownedBy(String database, String role) {
        String name = database.substring(database.lastIndexOf('/') + 1).split("\\?")[0];
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                        database,
                        settings.get("quarkus.datasource.username"),
                        settings.get("quarkus.datasource.password"));
                java.sql.Statement statement = c.createStatement()) {
            statement.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + role + "') then"
                    + " create role " + role + " login password '" + role + "'; end if; end $$");
            statement.execute("alter role " + role + " connection limit -1");
            statement.execute("alter database " + name + " owner to " + role);
            statement.execute("alter schema public owner to " + role);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot give database " + name + " to role " + role, e);
        }
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

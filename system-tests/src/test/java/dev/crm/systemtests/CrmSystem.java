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
    private final Map<String, List<ServiceProcess>> replicas = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private final Map<String, dev.crm.testing.TcpProxy> databaseProxies = new LinkedHashMap<>();

    private CrmSystem(Map<String, Map<String, String>> extraEnvironment, Map<String, String> roles) {
        this(extraEnvironment, roles, 1);
    }

    /**
     * {@code count} instances of every service (CRM_INSTANCE_ID {@code <module>-<k>}); with more than one, each
     * module reaches PostgreSQL through a TCP proxy of the test ({@link #cutDatabase}), and consumers hold 4 s sessions.
     */
    private CrmSystem(Map<String, Map<String, String>> extraEnvironment, Map<String, String> roles, int count) {
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
            if (count > 1) {
                java.net.URI address = java.net.URI.create(database.substring("jdbc:".length()));
                dev.crm.testing.TcpProxy proxy = new dev.crm.testing.TcpProxy(
                        address.getHost(), address.getPort() < 0 ? 5432 : address.getPort());
                databaseProxies.put(module, proxy);
                environment.put(
                        "QUARKUS_DATASOURCE_JDBC_URL",
                        "jdbc:postgresql://127.0.0.1:" + proxy.port() + address.getRawPath()
                                + (address.getRawQuery() == null ? "" : "?" + address.getRawQuery()));
                // eight instances within PostgreSQL's default max_connections (100) of a test machine
                environment.put("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "6");
                environment.put("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "4");
                environment.put("CRM_CONSUMER_SESSION_TIMEOUT_MS", "4000");
                environment.put("CRM_CONSUMER_HEARTBEAT_INTERVAL_MS", "1000");
            }
            environment.putAll(extraEnvironment.getOrDefault(module, Map.of()));
            environments.put(module, environment);
            List<ServiceProcess> instances = new java.util.ArrayList<>();
            for (int k = 1; k <= count; k++) {
                Map<String, String> own = new LinkedHashMap<>(environment);
                own.put("CRM_INSTANCE_ID", module + "-" + k);
                instances.add(ServiceProcess.start(module, own));
            }
            replicas.put(module, instances);
            services.put(module, instances.get(0));
        }
        replicas.values().forEach(instances -> instances.forEach(ServiceProcess::awaitReady));
    }

    /** Two instances of every service: see {@link #CrmSystem(Map, Map, int)}. */
    static CrmSystem startReplicated(Map<String, Map<String, String>> extraEnvironment) {
        return new CrmSystem(extraEnvironment, Map.of(), 2);
    }

    /** Instance {@code k} (1-based) of a module. */
    ServiceProcess instance(String module, int k) {
        return replicas.get(module).get(k - 1);
    }

    /** After a restart instance {@code k} is another process: the system stops that one. */
    void replace(String module, int k, ServiceProcess restarted) {
        replicas.get(module).set(k - 1, restarted);
        if (k == 1) {
            services.put(module, restarted);
        }
    }

    /** Every connection of the module's instances to PostgreSQL drops, and new ones are refused, until restored. */
    void cutDatabase(String module) {
        databaseProxies.get(module).cut();
    }

    void restoreDatabase(String module) {
        databaseProxies.get(module).restore();
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
        replicas.get(module).set(0, restarted);
    }

    List<ServiceProcess> all() {
        return replicas.values().stream().flatMap(List::stream).toList();
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
            ServiceProcess.stopAll(all().toArray(ServiceProcess[]::new));
        } finally {
            databaseProxies.values().forEach(dev.crm.testing.TcpProxy::close);
            infrastructure.stop();
        }
    }
}

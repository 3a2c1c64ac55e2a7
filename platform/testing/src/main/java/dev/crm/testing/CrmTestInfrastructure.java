package dev.crm.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real infrastructure a service's tests need: a Kafka broker and a PostgreSQL database, plus a JWT key pair.
 * With Docker: Testcontainers. Without: {@code KAFKA_BOOTSTRAP_SERVERS} if set, else an in-JVM KRaft broker; and the
 * local PostgreSQL (127.0.0.1:5432, user postgres) with a throw-away database dropped at the end.
 * Topics come from {@code deploy/kafka/topics.txt}, the same list the local launcher creates.
 */
public class CrmTestInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static final Logger LOG = Logger.getLogger(CrmTestInfrastructure.class);
    /** JVM-wide handles shared with tests (system properties cross Quarkus' class loaders). */
    public static final String BOOTSTRAP_PROPERTY = "crm.test.kafka.bootstrap";

    public static final String PRIVATE_KEY_PROPERTY = "crm.test.jwt.private-key-location";
    public static final String JDBC_URL_PROPERTY = "crm.test.jdbc.url";

    /** Stops and restarts the in-JVM broker for outage tests; null when the broker is not the tests' own. */
    static volatile Map<String, Runnable> brokerControl;

    private static volatile TcpProxy databaseProxy;

    /** Every connection of the service under test to PostgreSQL drops, and new ones are refused, until restored. */
    public static void cutDatabase() {
        databaseProxy().cut();
    }

    public static void restoreDatabase() {
        databaseProxy().restore();
    }

    private static TcpProxy databaseProxy() {
        if (databaseProxy == null) {
            throw new IllegalStateException("The test infrastructure is not started");
        }
        return databaseProxy;
    }

    private KafkaClusterTestKit cluster;
    private KafkaContainer kafkaContainer;
    private PostgreSQLContainer postgresContainer;
    private String adminUrl;
    private String database;
    private final List<String> extraDatabases = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        boolean docker = dockerAvailable();
        String bootstrap = startKafka(docker);
        createTopics(bootstrap);
        String jdbcUrl;
        String user;
        String password;
        if (docker) {
            postgresContainer = new PostgreSQLContainer("postgres:15-alpine");
            postgresContainer.start();
            jdbcUrl = postgresContainer.getJdbcUrl();
            user = postgresContainer.getUsername();
            password = postgresContainer.getPassword();
        } else {
            adminUrl =
                    System.getenv().getOrDefault("CRM_TEST_PG_ADMIN_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
            user = System.getenv().getOrDefault("CRM_TEST_PG_USER", "postgres");
            password = System.getenv().getOrDefault("CRM_TEST_PG_PASSWORD", "");
            database =
                    "crm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute("create database " + database, user, password);
            jdbcUrl = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
        }
        // the service reaches PostgreSQL through a relay that outage tests can cut (cutDatabase/restoreDatabase)
        java.net.URI address = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        databaseProxy = new TcpProxy(address.getHost(), address.getPort() < 0 ? 5432 : address.getPort());
        String proxiedUrl = "jdbc:postgresql://127.0.0.1:" + databaseProxy.port() + address.getRawPath()
                + (address.getRawQuery() == null ? "" : "?" + address.getRawQuery());
        config.put("quarkus.datasource.jdbc.url", proxiedUrl);
        config.put("quarkus.datasource.username", user);
        config.put("quarkus.datasource.password", password);
        config.put("kafka.bootstrap.servers", bootstrap);
        config.putAll(jwtKeys());
        System.setProperty(BOOTSTRAP_PROPERTY, bootstrap);
        System.setProperty(JDBC_URL_PROPERTY, jdbcUrl);
        LOG.infof(
                "Test infrastructure: Kafka %s, PostgreSQL %s (%s)",
                bootstrap, jdbcUrl, docker ? "Testcontainers" : "local");
        return config;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private String startKafka(boolean docker) {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (docker) {
            kafkaContainer = new KafkaContainer("apache/kafka:4.1.2");
            kafkaContainer.start();
            // an outage is the container paused: its port and data stay, as with a broker that stops answering
            String containerId = kafkaContainer.getContainerId();
            Map<String, Runnable> control = new HashMap<>();
            control.put(
                    "stop",
                    () -> DockerClientFactory.instance()
                            .client()
                            .pauseContainerCmd(containerId)
                            .exec());
            control.put(
                    "start",
                    () -> DockerClientFactory.instance()
                            .client()
                            .unpauseContainerCmd(containerId)
                            .exec());
            brokerControl = control;
            return kafkaContainer.getBootstrapServers();
        }
        try {
            Path dir = Files.createTempDirectory("crm-kafka-");
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .setBaseDirectory(dir)
                            .build())
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // sessions as short as 3 s, as the brokers of deploy/ allow: replica tests fail over in seconds
                    .setConfigProp("group.min.session.timeout.ms", "3000")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            // tests that stop and restart the broker (outage scenarios) reach it through JDK types only
            Map<String, Runnable> control = new HashMap<>();
            control.put(
                    "stop",
                    () -> cluster.brokers().values().forEach(b -> {
                        b.shutdown();
                        b.awaitShutdown();
                    }));
            control.put("start", () -> cluster.brokers().values().forEach(b -> b.startup()));
            brokerControl = control;
            return cluster.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the in-JVM Kafka broker", e);
        }
    }

    private static void createTopics(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            java.util.Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> topics = new ArrayList<>();
            for (String line : Files.readAllLines(topicsFile())) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s+");
                if (!existing.contains(parts[0])) {
                    topics.add(new NewTopic(parts[0], Integer.parseInt(parts[1]), (short) 1)
                            .configs(Map.of("retention.ms", "-1", "cleanup.policy", "delete")));
                }
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the CRM topics", e);
        }
    }

    /** deploy/kafka/topics.txt, found from the module directory the tests run in. */
    static Path topicsFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/kafka/topics.txt");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "deploy/kafka/topics.txt not found above " + Path.of("").toAbsolutePath());
    }

    private static Map<String, String> jwtKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path dir = Files.createTempDirectory("crm-jwt-");
            Path publicKey = dir.resolve("publicKey.pem");
            Path privateKey = dir.resolve("privateKey.pem");
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            System.setProperty(PRIVATE_KEY_PROPERTY, privateKey.toString());
            return Map.of(
                    "mp.jwt.verify.publickey.location",
                    publicKey.toUri().toString(),
                    "mp.jwt.verify.issuer",
                    TestTokens.ISSUER);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create test JWT keys", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /**
     * One more throw-away database on the same PostgreSQL server as {@link #start()}'s, for a second service run
     * against the same infrastructure (each service migrates its own). Same user and password; dropped in
     * {@link #stop()} (with Testcontainers it goes with the container). Returns its JDBC URL.
     */
    public String createDatabase() {
        String name =
                "crm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (postgresContainer != null) {
            try (Connection connection = DriverManager.getConnection(
                            postgresContainer.getJdbcUrl(),
                            postgresContainer.getUsername(),
                            postgresContainer.getPassword());
                    Statement statement = connection.createStatement()) {
                statement.execute("create database " + name);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot create database " + name + " in the PostgreSQL container", e);
            }
            return withDatabase(postgresContainer.getJdbcUrl(), name);
        }
        if (adminUrl == null) {
            throw new IllegalStateException("The test infrastructure is not started");
        }
        execute(
                "create database " + name,
                System.getenv().getOrDefault("CRM_TEST_PG_USER", "postgres"),
                System.getenv().getOrDefault("CRM_TEST_PG_PASSWORD", ""));
        extraDatabases.add(name);
        return withDatabase(adminUrl, name);
    }

    /** {@code url} with its database name replaced, query parameters kept. */
    private static String withDatabase(String url, String name) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + (query < 0 ? "" : url.substring(query));
    }

    private void execute(String sql, String user, String password) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + adminUrl + " refused '" + sql + "': is it running with trust authentication for "
                            + user + "?",
                    e);
        }
    }

    @Override
    public void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } catch (Exception e) {
            LOG.warn("Kafka test broker did not close cleanly", e);
        }
        if (kafkaContainer != null) {
            kafkaContainer.stop();
        }
        if (postgresContainer != null) {
            postgresContainer.stop();
        }
        List<String> databases = new ArrayList<>(extraDatabases);
        extraDatabases.clear();
        if (database != null) {
            databases.add(database);
        }
        for (String name : databases) {
            try {
                execute(
                        "drop database if exists " + name + " with (force)",
                        System.getenv().getOrDefault("CRM_TEST_PG_USER", "postgres"),
                        System.getenv().getOrDefault("CRM_TEST_PG_PASSWORD", ""));
            } catch (IllegalStateException e) {
                LOG.warn("Could not drop test database " + name, e);
            }
        }
    }
}

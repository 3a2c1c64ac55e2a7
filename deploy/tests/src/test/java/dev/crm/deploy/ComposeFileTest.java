package dev.crm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, read as Compose reads it with the documented env file: valid against the Compose
 * Specification's schema, and wired the way the services and topics.txt need it.
 */
class ComposeFileTest {

    /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}} (Compose's interpolation). */
    private static final Pattern INTERPOLATION =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\\?)([^}]*))?}");

    private static JsonNode raw;
    private static JsonNode compose;
    private static Map<String, String> devEnv;

    @BeforeAll
    static void read() {
        raw = Repository.yaml("docker-compose.yml");
        devEnv = envFile(Repository.read("deploy/compose/dev.env"));
        compose = interpolate(raw, devEnv);
    }

    @Test
    void isValidAgainstTheComposeSpecification() {
        assertThat(Schemas.validate("compose-spec.json", compose)).isEmpty();
    }

    @Test
    void theComposeSchemaRefusesAMisspeltServiceKey() {
        ObjectNode broken = compose.deepCopy();
        ((ObjectNode) broken.path("services").path("lead-service"))
                .set("enviroment", broken.path("services").path("lead-service").path("environment"));
        assertThat(Schemas.validate("compose-spec.json", broken)).isNotEmpty();
    }

    @Test
    void everyRequiredVariableIsInTheDocumentedEnvFileAndNothingElseIsSilentlyDefaulted() {
        Set<String> required = new LinkedHashSet<>();
        Matcher m = INTERPOLATION.matcher(Repository.read("docker-compose.yml"));
        while (m.find()) {
            if (":?".equals(m.group(2))) {
                required.add(m.group(1));
            }
        }
        assertThat(required)
                .as("variables compose refuses to start without")
                .contains("CRM_LEAD_DB_PASSWORD", "CRM_JWT_PUBLIC_KEY_FILE", "CRM_POSTGRES_PASSWORD");
        assertThat(devEnv.keySet()).containsAll(required);
        assertThat(Repository.ROOT.resolve(devEnv.get("CRM_JWT_PUBLIC_KEY_FILE")))
                .exists();
        // a password with a default would start a shared system on a well-known password
        Matcher defaults = INTERPOLATION.matcher(Repository.read("docker-compose.yml"));
        while (defaults.find()) {
            if (":-".equals(defaults.group(2))) {
                assertThat(defaults.group(1)).as("defaulted variable").doesNotContain("PASSWORD", "KEY");
            }
        }
    }

    @Test
    void eachServiceGetsEveryVariableItReadsAndNoneItDoesNot() {
        for (String service : Repository.SERVICES) {
            JsonNode environment = service(service).path("environment");
            Set<String> set = fieldNames(environment);
            assertThat(set).as(service + " environment").containsAll(Repository.requiredVariables(service));
            assertThat(Repository.knownVariables(service))
                    .as("variables " + service + " reads")
                    .containsAll(set);
            set.forEach(name -> assertThat(environment.get(name).asText())
                    .as(service + " " + name)
                    .isNotBlank());
        }
    }

    @Test
    void eachServiceUsesItsOwnDatabasePortAndInstanceAndTheBrokersInternalListener() {
        for (String service : Repository.SERVICES) {
            JsonNode env = service(service).path("environment");
            String database = Repository.database(service);
            int port = Repository.httpPort(service);
            assertThat(env.path("QUARKUS_DATASOURCE_JDBC_URL").asText())
                    .isEqualTo("jdbc:postgresql://postgres:5432/" + database);
            assertThat(env.path("QUARKUS_DATASOURCE_USERNAME").asText()).isEqualTo(database);
            assertThat(env.path("QUARKUS_DATASOURCE_PASSWORD").asText())
                    .isEqualTo(devEnv.get(database.toUpperCase() + "_DB_PASSWORD"));
            assertThat(env.path("QUARKUS_HTTP_PORT").asText()).isEqualTo(Integer.toString(port));
            assertThat(env.path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:19092");
            assertThat(env.path("CRM_INSTANCE_ID").asText()).startsWith(service);
            assertThat(service(service).path("ports").toString()).contains(port + ":" + port);
            int management = Repository.managementPort(service);
            assertThat(env.path("QUARKUS_MANAGEMENT_PORT").asText()).isEqualTo(Integer.toString(management));
            assertThat(service(service).path("healthcheck").path("test").toString())
                    .as("health is on the management port only")
                    .contains("http://127.0.0.1:" + management + "/q/health/ready");
            assertThat(service(service).path("ports").toString())
                    .contains("127.0.0.1:" + management + ":" + management);
            assertThat(service(service)
                            .path("build")
                            .path("args")
                            .path("SERVICE")
                            .asText())
                    .isEqualTo(service);
            assertThat(Repository.path(
                            service(service).path("build").path("dockerfile").asText()))
                    .exists();
        }
        assertThat(fieldNames(compose.path("services")).stream()
                        .map(name -> compose.path("services")
                                .path(name)
                                .path("environment")
                                .path("CRM_INSTANCE_ID")
                                .asText())
                        .filter(id -> !id.isEmpty())
                        .distinct()
                        .count())
                .as("instance ids are distinct")
                .isEqualTo(Repository.SERVICES.size());
    }

    @Test
    void servicesStartOnlyOnceTheDatabaseIsHealthyAndTheTopicsExist() {
        for (String service : Repository.SERVICES) {
            JsonNode dependsOn = service(service).path("depends_on");
            assertThat(dependsOn.path("postgres").path("condition").asText()).isEqualTo("service_healthy");
            assertThat(dependsOn.path("kafka-topics").path("condition").asText())
                    .isEqualTo("service_completed_successfully");
        }
        assertThat(service("kafka-topics")
                        .path("depends_on")
                        .path("kafka")
                        .path("condition")
                        .asText())
                .isEqualTo("service_healthy");
        assertThat(service("kafka").has("healthcheck")).isTrue();
        assertThat(service("postgres").has("healthcheck")).isTrue();
    }

    @Test
    void topicsAreCreatedFromTopicsTxtByTheSharedScript() {
        JsonNode topics = service("kafka-topics");
        assertThat(topics.path("volumes").toString())
                .contains("./deploy/kafka/topics.txt:/etc/crm/topics.txt", "./deploy/kafka/create-topics.sh:");
        assertThat(topics.path("entrypoint").toString()).contains("/etc/crm/topics.txt", "kafka:19092");
        assertThat(Repository.read("deploy/local/crm")).contains("deploy/kafka/create-topics.sh");
    }

    @Test
    void kafkaIsKraftAtTheServicesClientVersionWithoutAutoCreation() {
        JsonNode kafka = service("kafka");
        assertThat(kafka.path("image").asText()).isEqualTo("apache/kafka:" + KubernetesManifestsTest.kafkaVersion());
        assertThat(kafka.path("environment").path("KAFKA_PROCESS_ROLES").asText())
                .isEqualTo("broker,controller");
        assertThat(kafka.path("environment")
                        .path("KAFKA_AUTO_CREATE_TOPICS_ENABLE")
                        .asText())
                .isEqualTo("false");
        assertThat(service("kafka-ui").path("image").asText()).startsWith("ghcr.io/kafbat/kafka-ui:");
        assertThat(service("kafka-ui")
                        .path("environment")
                        .path("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS")
                        .asText())
                .isEqualTo("kafka:19092");
    }

    @Test
    void postgresCreatesARoleAndDatabasePerServiceWithThePasswordTheServiceUses() {
        String init = Repository.read("deploy/compose/postgres-init.sh");
        JsonNode env = service("postgres").path("environment");
        for (String service : Repository.SERVICES) {
            String database = Repository.database(service);
            assertThat(init).contains(database);
            assertThat(env.path(database.toUpperCase() + "_PASSWORD").asText())
                    .isEqualTo(service(service)
                            .path("environment")
                            .path("QUARKUS_DATASOURCE_PASSWORD")
                            .asText());
        }
        assertThat(service("postgres").path("volumes").toString())
                .contains("./deploy/compose/postgres-init.sh:/docker-entrypoint-initdb.d/");
    }

    private static JsonNode service(String name) {
        JsonNode service = compose.path("services").path(name);
        assertThat(service.isObject()).as("compose service " + name).isTrue();
        return service;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, String> envFile(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                int equals = trimmed.indexOf('=');
                values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
            }
        }
        return values;
    }

    /** Compose's interpolation of every string value; a missing required variable fails as Compose would. */
    private static JsonNode interpolate(JsonNode node, Map<String, String> env) {
        if (node.isTextual()) {
            Matcher m = INTERPOLATION.matcher(node.asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = env.get(m.group(1));
                if (value == null || value.isEmpty()) {
                    if (":?".equals(m.group(2))) {
                        throw new AssertionError("compose would refuse to start: " + m.group(3));
                    }
                    value = m.group(3) == null ? "" : m.group(3);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (node.isObject()) {
            ObjectNode copy = new ObjectMapper().createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), interpolate(e.getValue(), env)));
            return copy;
        }
        if (node.isArray()) {
            var copy = new ObjectMapper().createArrayNode();
            node.forEach(item -> copy.add(interpolate(item, env)));
            return copy;
        }
        return node;
    }
}

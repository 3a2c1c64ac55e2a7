package dev.crm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s as kustomize builds it: every file is part of the build, and each service's Deployment (the shared
 * shape with its patch) gets what the service needs; Kafka, its topics and PostgreSQL agree with the rest.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Repository.path("deploy/k8s");
    private static List<JsonNode> resources;

    @BeforeAll
    static void build() {
        resources = new ArrayList<>();
        collect(K8S, resources);
    }

    /** Reads a kustomization's resources, each a file or another kustomization's folder, and checks they exist. */
    private static void collect(Path folder, List<JsonNode> into) {
        JsonNode kustomization =
                Repository.yamlDocuments(folder.resolve("kustomization.yaml")).get(0);
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = folder.resolve(resource.asText()).normalize();
            assertThat(path).as(folder + " lists " + resource.asText()).exists();
            if (Files.isDirectory(path)) {
                assertThat(path.resolve("kustomization.yaml")).exists();
                collect(path, into);
            } else {
                into.addAll(Repository.yamlDocuments(path));
            }
        }
    }

    @Test
    void everyManifestIsPartOfTheBuildAndNamesItsKind() throws IOException {
        Set<Path> listed = new LinkedHashSet<>();
        listed(K8S, listed);
        try (Stream<Path> files = Files.walk(K8S)) {
            files.filter(f -> f.toString().endsWith(".yaml")
                            && !f.getFileName().toString().equals("kustomization.yaml"))
                    .forEach(f -> assertThat(listed)
                            .as("kustomize builds " + K8S.relativize(f))
                            .contains(f.normalize()));
        }
        for (JsonNode resource : resources) {
            assertThat(resource.path("apiVersion").asText())
                    .as(resource.toString())
                    .isNotEmpty();
            assertThat(resource.path("kind").asText()).isNotEmpty();
            assertThat(resource.path("metadata").path("name").asText()).isNotEmpty();
        }
    }

    @Test
    void eachServiceRunsTwoReplicasWithProbesLimitsAndTheKeyFromASecret() {
        for (String service : Repository.SERVICES) {
            JsonNode deployment = deployment(service);
            assertThat(deployment.path("spec").path("replicas").asInt())
                    .as(service)
                    .isEqualTo(2);
            JsonNode container = deployment
                    .path("spec")
                    .path("template")
                    .path("spec")
                    .path("containers")
                    .get(0);
            // health and metrics are on the management interface, a port the Service does not expose
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                assertThat(container.path(probe).path("httpGet").path("port").asText())
                        .as(probe)
                        .isEqualTo("management");
            }
            assertThat(container.path("ports").findValuesAsText("name"))
                    .containsExactlyInAnyOrder("http", "management");
            assertThat(environment(service)
                            .get("QUARKUS_MANAGEMENT_PORT")
                            .path("value")
                            .asText())
                    .isEqualTo("9000");
            JsonNode annotations =
                    deployment.path("spec").path("template").path("metadata").path("annotations");
            assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo("9000");
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
            assertThat(container
                            .path("readinessProbe")
                            .path("httpGet")
                            .path("path")
                            .asText())
                    .isEqualTo("/q/health/ready");
            assertThat(container
                            .path("livenessProbe")
                            .path("httpGet")
                            .path("path")
                            .asText())
                    .isEqualTo("/q/health/live");
            assertThat(container
                            .path("startupProbe")
                            .path("httpGet")
                            .path("path")
                            .asText())
                    .isEqualTo("/q/health/started");
            assertThat(container
                            .path("resources")
                            .path("requests")
                            .path("memory")
                            .asText())
                    .isNotEmpty();
            assertThat(container.path("resources").path("requests").path("cpu").asText())
                    .isNotEmpty();
            assertThat(container.path("resources").path("limits").path("memory").asText())
                    .isNotEmpty();

            Map<String, JsonNode> env = environment(service);
            String keyFile =
                    env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION").path("value").asText();
            assertThat(keyFile).startsWith("file:");
            String mountPath =
                    container.path("volumeMounts").get(0).path("mountPath").asText();
            assertThat(keyFile).startsWith("file:" + mountPath + "/");
            assertThat(deployment
                            .path("spec")
                            .path("template")
                            .path("spec")
                            .path("volumes")
                            .get(0)
                            .path("secret")
                            .path("secretName")
                            .asText())
                    .isEqualTo("crm-jwt-public-key");
            assertThat(env.get("CRM_INSTANCE_ID")
                            .path("valueFrom")
                            .path("fieldRef")
                            .path("fieldPath")
                            .asText())
                    .as("one consumer-group instance id per pod")
                    .isEqualTo("metadata.name");
            assertThat(imageOf(service)).isEqualTo("crm/" + service);
        }
    }

    @Test
    void eachServiceGetsEveryVariableItReadsAndNoneItDoesNot() {
        for (String service : Repository.SERVICES) {
            Map<String, JsonNode> env = environment(service);
            assertThat(env.keySet()).as(service).containsAll(Repository.requiredVariables(service));
            assertThat(Repository.knownVariables(service))
                    .as("variables " + service + " reads")
                    .containsAll(env.keySet());
            env.forEach((name, variable) -> assertThat(
                            !variable.path("value").asText().isBlank() || variable.has("valueFrom"))
                    .as(service + " sets " + name)
                    .isTrue());
        }
    }

    @Test
    void eachServiceConnectsToItsOwnDatabaseAsTheRoleThatOwnsIt() {
        JsonNode cluster = single("Cluster");
        assertThat(cluster.path("apiVersion").asText()).isEqualTo("postgresql.cnpg.io/v1");
        Map<String, String> passwordSecretOfRole = new LinkedHashMap<>();
        cluster.path("spec")
                .path("managed")
                .path("roles")
                .forEach(role -> passwordSecretOfRole.put(
                        role.path("name").asText(),
                        role.path("passwordSecret").path("name").asText()));
        for (String service : Repository.SERVICES) {
            String database = Repository.database(service);
            Map<String, JsonNode> env = environment(service);
            assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText())
                    .isEqualTo("jdbc:postgresql://"
                            + cluster.path("metadata").path("name").asText() + "-rw:5432/" + database);
            String secret = env.get("QUARKUS_DATASOURCE_PASSWORD")
                    .path("valueFrom")
                    .path("secretKeyRef")
                    .path("name")
                    .asText();
            assertThat(env.get("QUARKUS_DATASOURCE_USERNAME")
                            .path("valueFrom")
                            .path("secretKeyRef")
                            .path("name")
                            .asText())
                    .isEqualTo(secret);
            assertThat(passwordSecretOfRole)
                    .as("the role's password is the service's")
                    .containsEntry(database, secret);
            assertThat(resources)
                    .as("a Database " + database + " owned by its role")
                    .anySatisfy(r -> {
                        assertThat(r.path("kind").asText()).isEqualTo("Database");
                        assertThat(r.path("spec").path("name").asText()).isEqualTo(database);
                        assertThat(r.path("spec").path("owner").asText()).isEqualTo(database);
                        assertThat(r.path("spec").path("cluster").path("name").asText())
                                .isEqualTo(cluster.path("metadata").path("name").asText());
                    });
        }
    }

    @Test
    void kafkaIsStrimziKraftAtTheServicesClientVersion() {
        JsonNode kafka = single("Kafka");
        JsonNode pool = single("KafkaNodePool");
        assertThat(kafka.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
        assertThat(pool.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
        assertThat(kafka.path("spec").path("kafka").path("version").asText()).isEqualTo(kafkaVersion());
        assertThat(pool.path("metadata")
                        .path("labels")
                        .path("strimzi.io/cluster")
                        .asText())
                .isEqualTo(kafka.path("metadata").path("name").asText());
        assertThat(pool.path("spec").path("roles").toString()).contains("controller", "broker");
        assertThat(kafka.path("spec")
                        .path("kafka")
                        .path("config")
                        .path("auto.create.topics.enable")
                        .asBoolean(true))
                .isFalse();
        String bootstrap = kafka.path("metadata").path("name").asText() + "-kafka-bootstrap:9092";
        for (String service : Repository.SERVICES) {
            assertThat(environment(service)
                            .get("KAFKA_BOOTSTRAP_SERVERS")
                            .path("value")
                            .asText())
                    .isEqualTo(bootstrap);
        }
    }

    @Test
    void kafkaTopicsAreExactlyTopicsTxtKeptForever() {
        String cluster = single("Kafka").path("metadata").path("name").asText();
        Map<String, Integer> declared = new LinkedHashMap<>();
        for (JsonNode topic : ofKind("KafkaTopic")) {
            assertThat(topic.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
            assertThat(topic.path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText())
                    .isEqualTo(cluster);
            JsonNode spec = topic.path("spec");
            assertThat(spec.path("config").path("retention.ms").asText()).isEqualTo("-1");
            assertThat(spec.path("config").path("cleanup.policy").asText()).isEqualTo("delete");
            declared.put(
                    spec.path("topicName").asText(), spec.path("partitions").asInt());
        }
        assertThat(declared).containsExactlyEntriesOf(Repository.topics());
    }

    static String kafkaVersion() {
        Matcher m = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(Repository.read("pom.xml"));
        assertThat(m.find()).as("kafka.version in pom.xml").isTrue();
        return m.group(1);
    }

    private static void listed(Path folder, Set<Path> into) {
        for (JsonNode resource : Repository.yamlDocuments(folder.resolve("kustomization.yaml"))
                .get(0)
                .path("resources")) {
            Path path = folder.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                listed(path, into);
            } else {
                into.add(path);
            }
        }
    }

    private static JsonNode serviceKustomization(String service) {
        return Repository.yaml("deploy/k8s/" + service + "/kustomization.yaml");
    }

    private static JsonNode deployment(String service) {
        JsonNode kustomization = serviceKustomization(service);
        assertThat(kustomization.path("namePrefix").asText() + "service").isEqualTo(service);
        assertThat(kustomization.path("resources").toString()).contains("../service");
        return Repository.yaml("deploy/k8s/service/deployment.yaml");
    }

    private static String imageOf(String service) {
        JsonNode image = serviceKustomization(service).path("images").get(0);
        assertThat(image.path("name").asText()).isEqualTo("crm/service");
        return image.path("newName").asText();
    }

    /**
     * The service's container environment as kustomize makes it: the shared Deployment's, with the service's
     * strategic-merge patch applied (env entries merge by name).
     */
    private static Map<String, JsonNode> environment(String service) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        deployment(service)
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0)
                .path("env")
                .forEach(variable -> env.put(variable.path("name").asText(), variable));
        JsonNode patches = serviceKustomization(service).path("patches");
        assertThat(patches.size()).as(service + " patches").isEqualTo(1);
        JsonNode patch = Repository.yamlDocumentsOf(patches.get(0).path("patch").asText())
                .get(0);
        patch.path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0)
                .path("env")
                .forEach(variable -> env.put(variable.path("name").asText(), variable));
        return env;
    }

    private static List<JsonNode> ofKind(String kind) {
        return resources.stream()
                .filter(r -> kind.equals(r.path("kind").asText()))
                .toList();
    }

    private static JsonNode single(String kind) {
        List<JsonNode> found = ofKind(kind);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }
}

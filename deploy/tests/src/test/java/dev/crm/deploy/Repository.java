package dev.crm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository's files as the deploy tests read them: YAML documents, topics.txt, the services' settings. */
final class Repository {

    static final Path ROOT = Path.of(System.getProperty("crm.repository", "../.."))
            .toAbsolutePath()
            .normalize();
    static final List<String> SERVICES =
            List.of("lead-service", "contact-account-service", "opportunity-service", "timeline-service");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code ${NAME} / ${NAME:default}}: an environment variable a property reads by name. */
    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private static final Pattern CRM_CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(name = \"(crm\\.[a-z.-]+)\"");
    /** Read by the image's run-java.sh, not by the service. */
    static final Set<String> RUN_JAVA_VARIABLES = Set.of("JAVA_MAX_MEM_RATIO", "JAVA_OPTS_APPEND");

    private Repository() {}

    static Path path(String relative) {
        Path path = ROOT.resolve(relative);
        if (!Files.exists(path)) {
            throw new AssertionError(relative + " does not exist under " + ROOT);
        }
        return path;
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file, as Compose and kubectl read them (anchors and merge keys resolved). */
    static List<JsonNode> yamlDocuments(Path file) {
        try {
            return yamlDocumentsOf(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> yamlDocumentsOf(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<JsonNode> documents = new ArrayList<>();
        for (Object document : new Yaml(options).loadAll(text)) {
            if (document != null) {
                documents.add(JSON.valueToTree(document));
            }
        }
        return documents;
    }

    static JsonNode yaml(String relative) {
        List<JsonNode> documents = yamlDocuments(path(relative));
        if (documents.size() != 1) {
            throw new AssertionError(relative + " holds " + documents.size() + " documents, not one");
        }
        return documents.get(0);
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(path(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** deploy/kafka/topics.txt: name to partition count, in the file's order. */
    static Map<String, Integer> topics() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String line : read("deploy/kafka/topics.txt").split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            topics.put(fields[0], Integer.parseInt(fields[1]));
        }
        return topics;
    }

    static Properties applicationProperties(String service) {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(path(service + "/src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The service's database, from its development URL (jdbc:postgresql://127.0.0.1:5432/crm_lead). */
    static String database(String service) {
        String url = applicationProperties(service).getProperty("%dev,test.quarkus.datasource.jdbc.url");
        if (url == null) {
            throw new AssertionError(service + " has no development database URL");
        }
        return url.substring(url.lastIndexOf('/') + 1);
    }

    static int httpPort(String service) {
        return Integer.parseInt(applicationProperties(service).getProperty("quarkus.http.port"));
    }

    /** The management interface's port: health, metrics, the OpenAPI document. */
    static int managementPort(String service) {
        return Integer.parseInt(applicationProperties(service).getProperty("quarkus.management.port"));
    }

    /**
     * The variables a service needs outside dev and test: the database, the broker, its ports, the token key, its
     * replica id, and every variable its configuration reads by name.
     */
    static Set<String> requiredVariables(String service) {
        Set<String> variables = new LinkedHashSet<>(List.of(
                "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD",
                "QUARKUS_HTTP_PORT",
                "QUARKUS_MANAGEMENT_PORT"));
        variables.addAll(referencedVariables(read(service + "/src/main/resources/application.properties")));
        variables.addAll(referencedVariables(
                read("platform/runtime/src/main/resources/META-INF/microprofile-config.properties")));
        return variables;
    }

    /** What a deployment may set for a service: the required variables and the crm.* settings its code reads. */
    static Set<String> knownVariables(String service) {
        Set<String> variables = new LinkedHashSet<>(requiredVariables(service));
        variables.addAll(RUN_JAVA_VARIABLES);
        for (String sources : List.of("platform/runtime/src/main/java", service + "/src/main/java")) {
            try (Stream<Path> files = Files.walk(path(sources))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    try {
                        Matcher m = CRM_CONFIG_PROPERTY.matcher(Files.readString(f));
                        while (m.find()) {
                            variables.add(
                                    m.group(1).toUpperCase().replace('.', '_').replace('-', '_'));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return variables;
    }

    private static Set<String> referencedVariables(String properties) {
        Set<String> variables = new LinkedHashSet<>();
        Matcher m = VARIABLE_REFERENCE.matcher(properties);
        while (m.find()) {
            variables.add(m.group(1));
        }
        return variables;
    }
}

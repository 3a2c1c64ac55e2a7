package dev.crm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Checks a JSON value against the published JSON Schema of its ce_type (schemas ship in crm-events). */
public final class Contracts {

    private static final String BASE = "https://schemas.crm.dev/v1/";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE, "classpath:schemas/")));
    private static final ConcurrentHashMap<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    /** The schema violations of {@code json} (empty when it conforms). */
    public static Set<ValidationMessage> violations(String ceType, byte[] json) {
        try {
            return violations(ceType, MAPPER.readTree(json));
        } catch (IOException e) {
            throw new AssertionError(ceType + " value is not JSON", e);
        }
    }

    public static Set<ValidationMessage> violations(String ceType, JsonNode json) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(
                ceType, type -> FACTORY.getSchema(com.networknt.schema.SchemaLocation.of(BASE + type + ".json")));
        return schema.validate(json);
    }

    public static void assertConforms(String ceType, byte[] json) {
        Set<ValidationMessage> violations = violations(ceType, json);
        if (!violations.isEmpty()) {
            throw new AssertionError(ceType + " does not match its schema: " + violations + "\n" + new String(json));
        }
    }

    private Contracts() {}

    /**
     * Where a request input's Bean Validation lengths ({@code @Size(max)} on its public fields) and the published schema's
     * {@code maxLength} of the same fields in {@code $defs/<definition>} of crm.common.v1.json disagree; empty when they
     * agree. A field limited on one side only counts as a disagreement.
     */
    public static java.util.List<String> lengthLimitMismatches(Class<?> input, String definition) {
        JsonNode properties;
        JsonNode definitions;
        try (java.io.InputStream in =
                Contracts.class.getClassLoader().getResourceAsStream("schemas/crm.common.v1.json")) {
            definitions = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(in)
                    .path("$defs");
            properties = definitions.path(definition).path("properties");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read crm.common.v1.json", e);
        }
        if (properties.isMissingNode()) {
            throw new IllegalArgumentException("No definition " + definition + " in crm.common.v1.json");
        }
        java.util.Map<String, Integer> api = new java.util.TreeMap<>();
        for (java.lang.reflect.Field field : input.getFields()) {
            jakarta.validation.constraints.Size size = field.getAnnotation(jakarta.validation.constraints.Size.class);
            if (size != null && field.getType() == String.class) {
                api.put(field.getName(), size.max());
            }
        }
        java.util.List<String> mismatches = new java.util.ArrayList<>();
        properties.properties().forEach(property -> {
            JsonNode max = property.getValue().get("maxLength");
            JsonNode ref = property.getValue().get("$ref");
            if (max == null && ref != null && ref.asText().startsWith("#/$defs/")) {
                // a shared definition such as Id carries the limit
                max = definitions
                        .path(ref.asText().substring("#/$defs/".length()))
                        .get("maxLength");
            }
            Integer apiMax = api.remove(property.getKey());
            if (max != null && (apiMax == null || apiMax != max.asInt())) {
                mismatches.add(property.getKey() + ": schema " + max.asInt() + ", API " + apiMax);
            } else if (max == null && apiMax != null) {
                mismatches.add(property.getKey() + ": schema unlimited, API " + apiMax);
            }
        });
        return mismatches;
    }
}

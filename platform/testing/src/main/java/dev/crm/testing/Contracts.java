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
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
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
        JsonSchema schema = SCHEMAS.computeIfAbsent(ceType, type -> FACTORY.getSchema(
                com.networknt.schema.SchemaLocation.of(BASE + type + ".json")));
        return schema.validate(json);
    }

    public static void assertConforms(String ceType, byte[] json) {
        Set<ValidationMessage> violations = violations(ceType, json);
        if (!violations.isEmpty()) {
            throw new AssertionError(ceType + " does not match its schema: " + violations + "\n" + new String(json));
        }
    }

    private Contracts() {
    }
}

package dev.crm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;

/** The published JSON Schemas (draft-07) of src/test/resources/schemas; the README there says where they come from. */
final class Schemas {

    private Schemas() {}

    static Set<ValidationMessage> validate(String resource, JsonNode document) {
        if (Schemas.class.getResource("/schemas/" + resource) == null) {
            throw new AssertionError("missing test resource schemas/" + resource);
        }
        // loaded from its own location, so that a relative $id (Compose's "compose_spec.json") has a base
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(SchemaLocation.of("classpath:schemas/" + resource))
                .validate(document);
    }
}

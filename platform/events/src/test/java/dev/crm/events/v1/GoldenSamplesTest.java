package dev.crm.events.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every event type has a schema and a golden sample; the sample conforms and survives a round trip unchanged. */
class GoldenSamplesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix("https://schemas.crm.dev/v1/", "classpath:schemas/")));

    @TestFactory
    Stream<DynamicTest> goldenSampleConformsToSchemaAndRoundTrips() {
        return EventCatalog.ALL.stream()
                .map(type -> DynamicTest.dynamicTest(type.ceType(), () -> {
                    JsonNode sample = read(type.sampleResource());
                    assertThat(schema(type).validate(sample))
                            .as("schema violations of the golden sample")
                            .isEmpty();
                    CrmEvent event = MAPPER.treeToValue(sample, type.payloadClass());
                    assertThat(MAPPER.writeValueAsString(event)).isEqualTo(MAPPER.writeValueAsString(sample));
                    assertThat(event.aggregateId()).isNotBlank();
                }));
    }

    /** v1 changes are additive: a consumer validating with these schemas accepts a field added later, at any depth. */
    @TestFactory
    Stream<DynamicTest> schemaAcceptsAFieldAddedLater() {
        return EventCatalog.ALL.stream()
                .map(type -> DynamicTest.dynamicTest(type.ceType(), () -> {
                    ObjectNode sample = (ObjectNode) read(type.sampleResource());
                    sample.put("addedInALaterRelease", "a value this build has never seen");
                    sample.properties().forEach(field -> {
                        if (field.getValue().isObject()) {
                            ((ObjectNode) field.getValue()).put("alsoAddedLater", 42);
                        }
                    });
                    assertThat(schema(type).validate(sample))
                            .as("schema violations of the sample with unknown fields")
                            .isEmpty();
                    CrmEvent event = MAPPER.copy()
                            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                            .treeToValue(sample, type.payloadClass());
                    assertThat(MAPPER.writeValueAsString(event))
                            .isEqualTo(MAPPER.writeValueAsString(read(type.sampleResource())));
                }));
    }

    @Test
    void schemaRejectsASampleWithoutItsRequiredFields() throws IOException {
        for (EventType type : EventCatalog.ALL) {
            String aggregateIdField =
                    type.payloadClass().getRecordComponents()[0].getName();
            ObjectNode broken = (ObjectNode) read(type.sampleResource());
            assertThat(broken.remove(aggregateIdField))
                    .as(type.ceType() + " has " + aggregateIdField)
                    .isNotNull();
            assertThat(schema(type).validate(broken)).as(type.ceType()).isNotEmpty();
        }
    }

    @Test
    void schemaRejectsAContactWithoutLastNameAndAnAccountWithAnEmptyName() throws IOException {
        EventType contactCreated =
                EventCatalog.forCeType("crm.contact.created.v1").orElseThrow();
        ObjectNode contact = (ObjectNode) read(contactCreated.sampleResource());
        ((ObjectNode) contact.get("details")).remove("lastName");
        assertThat(schema(contactCreated).validate(contact))
                .as("contact without lastName")
                .hasSize(1);

        EventType accountCreated =
                EventCatalog.forCeType("crm.account.created.v1").orElseThrow();
        ObjectNode account = (ObjectNode) read(accountCreated.sampleResource());
        ((ObjectNode) account.get("details")).put("name", "");
        assertThat(schema(accountCreated).validate(account))
                .as("account with an empty name")
                .hasSize(1);
    }

    @Test
    void schemaRejectsUnknownEnumValuesAndBadMoney() throws IOException {
        EventType updated = EventCatalog.forCeType("crm.lead.updated.v1").orElseThrow();
        ObjectNode sample = (ObjectNode) read(updated.sampleResource());
        ((ObjectNode) sample.get("details")).put("rating", "LUKEWARM");
        ((ObjectNode) sample.get("details").get("budgetAmount")).put("currency", "dollars");
        assertThat(schema(updated).validate(sample)).hasSize(2);
    }

    @Test
    void catalogNamesFollowTheConvention() {
        assertThat(EventCatalog.ALL).allSatisfy(type -> {
            assertThat(type.ceType()).matches("crm\\.[a-z]+\\.[a-z-]+\\.v1");
            assertThat(type.topic()).isEqualTo("crm." + type.ceType().split("\\.")[1] + ".v1");
            assertThat(EventCatalog.forClass(type.payloadClass())).contains(type);
        });
        assertThat(EventCatalog.ALL.stream().map(EventType::ceType).distinct()).hasSize(EventCatalog.ALL.size());
    }

    private static JsonSchema schema(EventType type) {
        return SCHEMAS.getSchema(SchemaLocation.of("https://schemas.crm.dev/v1/" + type.ceType() + ".json"));
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = GoldenSamplesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return MAPPER.readTree(in);
        }
    }
}

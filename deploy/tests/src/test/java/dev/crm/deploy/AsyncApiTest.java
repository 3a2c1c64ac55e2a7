package dev.crm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.EventCatalog;
import dev.crm.events.v1.EventType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml: a valid AsyncAPI 3.0.0 document that describes every topic of topics.txt and every event type
 * of the catalogue, on its topic, with its own schema, and whose references all lead somewhere.
 */
class AsyncApiTest {

    private static final String DOCUMENT = "docs/asyncapi.yaml";
    private static JsonNode asyncApi;

    @BeforeAll
    static void read() {
        asyncApi = Repository.yaml(DOCUMENT);
    }

    @Test
    void isValidAgainstTheAsyncApi300Schema() {
        assertThat(Schemas.validate("asyncapi-3.0.0.json", asyncApi)).isEmpty();
    }

    @Test
    void theAsyncApiSchemaRefusesAnOperationWithAnUnknownAction() {
        ObjectNode broken = asyncApi.deepCopy();
        ((ObjectNode) broken.path("operations").path("publishLeadEvents")).put("action", "publish");
        assertThat(Schemas.validate("asyncapi-3.0.0.json", broken)).isNotEmpty();
    }

    @Test
    void itsChannelsAreTheTopicsOfTopicsTxtWithTheirPartitions() {
        Map<String, Integer> channels = new LinkedHashMap<>();
        asyncApi.path("channels")
                .forEach(channel -> channels.put(
                        channel.path("address").asText(),
                        channel.path("bindings")
                                .path("kafka")
                                .path("partitions")
                                .asInt()));
        assertThat(channels).containsExactlyInAnyOrderEntriesOf(Repository.topics());
    }

    @Test
    void everyEventTypeOfTheCatalogueIsAMessageOfItsTopicWithItsCeTypeAndSchema() {
        Map<String, JsonNode> messagesByName = new LinkedHashMap<>();
        asyncApi.path("components")
                .path("messages")
                .forEach(m -> messagesByName.put(m.path("name").asText(), m));
        Set<String> eventMessages = new LinkedHashSet<>(messagesByName.keySet());
        eventMessages.remove("dead-letter");
        assertThat(eventMessages)
                .containsExactlyInAnyOrderElementsOf(
                        EventCatalog.ALL.stream().map(EventType::ceType).toList());

        for (EventType type : EventCatalog.ALL) {
            JsonNode message = messagesByName.get(type.ceType());
            assertThat(message.path("title").asText())
                    .isEqualTo(type.payloadClass().getSimpleName());
            assertThat(message.path("headers")
                            .path("allOf")
                            .get(1)
                            .path("properties")
                            .path("ce_type")
                            .path("const")
                            .asText())
                    .isEqualTo(type.ceType());
            assertThat(message.path("payload").path("schema").path("$ref").asText())
                    .endsWith("/schemas/" + type.ceType() + ".json");
            assertThat(message.path("bindings")
                            .path("kafka")
                            .path("key")
                            .path("type")
                            .asText())
                    .isEqualTo("string");
            JsonNode channel = channelOf(type.topic());
            assertThat(channel.path("messages")
                            .path(type.payloadClass().getSimpleName())
                            .path("$ref")
                            .asText())
                    .as(type.ceType() + " on " + type.topic())
                    .isEqualTo("#/components/messages/" + type.payloadClass().getSimpleName());
        }
    }

    @Test
    void theCloudEventsHeadersAreTheOnesThePublisherWrites() {
        JsonNode headers = asyncApi.path("components").path("schemas").path("CloudEventHeaders");
        for (String header : List.of(
                CloudEventHeaders.SPEC_VERSION,
                CloudEventHeaders.ID,
                CloudEventHeaders.SOURCE,
                CloudEventHeaders.TYPE,
                CloudEventHeaders.SUBJECT,
                CloudEventHeaders.TIME,
                CloudEventHeaders.CONTENT_TYPE,
                CloudEventHeaders.SEQUENCE,
                CloudEventHeaders.ACTING_USER,
                CloudEventHeaders.ACTING_ROLE,
                CloudEventHeaders.CORRELATION_ID)) {
            assertThat(headers.path("properties").has(header)).as(header).isTrue();
        }
        JsonNode deadLetter = asyncApi.path("components").path("schemas").path("DeadLetterHeaders");
        for (String header : List.of(
                CloudEventHeaders.DLQ_REASON,
                CloudEventHeaders.DLQ_EXCEPTION,
                CloudEventHeaders.DLQ_ORIGINAL_TOPIC,
                CloudEventHeaders.DLQ_ORIGINAL_PARTITION,
                CloudEventHeaders.DLQ_ORIGINAL_OFFSET,
                CloudEventHeaders.DLQ_CONSUMER_GROUP)) {
            assertThat(deadLetter.path("properties").has(header)).as(header).isTrue();
        }
    }

    @Test
    void everyReferenceLeadsToAPartOfTheDocumentOrAnExistingSchemaFile() {
        List<String> references = new ArrayList<>();
        collectReferences(asyncApi, references);
        assertThat(references).hasSizeGreaterThan(EventCatalog.ALL.size() * 3);
        Path folder = Repository.path(DOCUMENT).getParent();
        for (String reference : references) {
            if (reference.startsWith("#/")) {
                JsonNode target = asyncApi.at(reference.substring(1).replace("~1", "/"));
                assertThat(target.isMissingNode()).as(reference).isFalse();
            } else {
                Path file = folder.resolve(reference).normalize();
                assertThat(file).as(reference).exists();
                assertThat(Repository.json(Repository.ROOT.relativize(file).toString())
                                .path("$id")
                                .asText())
                        .endsWith("/" + file.getFileName());
            }
        }
    }

    private static JsonNode channelOf(String topic) {
        for (JsonNode channel : asyncApi.path("channels")) {
            if (channel.path("address").asText().equals(topic)) {
                return channel;
            }
        }
        throw new AssertionError("no channel for " + topic);
    }

    private static void collectReferences(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    into.add(e.getValue().asText());
                } else {
                    collectReferences(e.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectReferences(item, into));
        }
    }
}

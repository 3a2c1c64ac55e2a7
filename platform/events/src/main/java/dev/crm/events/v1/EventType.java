package dev.crm.events.v1;

/**
 * Describes one public event type: its CloudEvents type, the topic that carries it and its record class.
 * The JSON Schema lives at {@code schemas/<ceType>.json} and a golden sample at {@code samples/<ceType>.json}.
 */
public record EventType(String ceType, String topic, Class<? extends CrmEvent> payloadClass) {

    public String schemaResource() {
        return "schemas/" + ceType + ".json";
    }

    public String sampleResource() {
        return "samples/" + ceType + ".json";
    }
}

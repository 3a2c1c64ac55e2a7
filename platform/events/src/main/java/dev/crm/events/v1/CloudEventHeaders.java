package dev.crm.events.v1;

/**
 * Kafka header names of the CloudEvents 1.0 Kafka protocol binding (binary mode) and this system's extensions.
 * Extension names follow the CloudEvents rule: lower-case letters and digits only.
 */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    /** Position of the event in its aggregate's stream, 0-based. */
    public static final String SEQUENCE = "ce_sequence";
    /** The user whose command produced the event. */
    public static final String ACTING_USER = "ce_actinguser";
    /** The role that user acted in ({@code salesperson} or {@code sales-manager}): what they were allowed to change. */
    public static final String ACTING_ROLE = "ce_actingrole";
    /** Shared by every event caused, directly or not, by one incoming request. */
    public static final String CORRELATION_ID = "ce_correlationid";
    /**
     * Set on an event published again by a repair of its record (its id and sequence unchanged): the value names the
     * repair. A CRM read model that meets the record's first event so marked forgets the record and rebuilds it from the
     * events that follow; a consumer that drops known ids may ignore it.
     */
    public static final String REPAIR = "ce_crmrepair";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    /** Headers a dead-lettered record carries besides its original ones. */
    public static final String DLQ_REASON = "dlq_reason";

    public static final String DLQ_EXCEPTION = "dlq_exception";
    public static final String DLQ_ORIGINAL_TOPIC = "dlq_original_topic";
    public static final String DLQ_ORIGINAL_PARTITION = "dlq_original_partition";
    public static final String DLQ_ORIGINAL_OFFSET = "dlq_original_offset";
    public static final String DLQ_CONSUMER_GROUP = "dlq_consumer_group";

    private CloudEventHeaders() {}
}

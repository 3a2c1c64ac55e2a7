package dev.crm.events.v1;

/** One topic per aggregate type; it carries every event type of that aggregate, in order per aggregate id. */
public final class Topics {
    public static final String LEAD = "crm.lead.v1";
    public static final String CONTACT = "crm.contact.v1";
    public static final String ACCOUNT = "crm.account.v1";
    public static final String OPPORTUNITY = "crm.opportunity.v1";
    public static final String ACTIVITY = "crm.activity.v1";
    public static final String NOTE = "crm.note.v1";
    public static final String NOTIFICATION = "crm.notification.v1";

    /** Where a consumer group parks the records of {@code topic} it cannot handle. */
    public static String deadLetter(String topic, String consumerGroup) {
        return topic + "." + consumerGroup + ".dlq";
    }

    private Topics() {}
}

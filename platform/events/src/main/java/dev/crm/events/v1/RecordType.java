package dev.crm.events.v1;

/** The kinds of records activities and notes can be about, each the aggregate of one topic. */
public enum RecordType {
    LEAD(Topics.LEAD),
    OPPORTUNITY(Topics.OPPORTUNITY),
    CONTACT(Topics.CONTACT),
    ACCOUNT(Topics.ACCOUNT);

    private final String topic;

    RecordType(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}

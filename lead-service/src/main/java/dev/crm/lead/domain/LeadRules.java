package dev.crm.lead.domain;

import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.platform.domain.DomainException;

/** Invariants of lead details that hold whoever sends the command (API, import, another service). */
final class LeadRules {

    static final int TOPIC_MAX = 300;
    static final int LAST_NAME_MAX = 50;

    static void check(LeadDetails details) {
        if (details == null) {
            throw DomainException.invalid("details", "must be given");
        }
        required("topic", details.topic(), TOPIC_MAX);
        required("lastName", details.lastName(), LAST_NAME_MAX);
    }

    private static void required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid(field, "must not be blank");
        }
        if (value.length() > max) {
            throw DomainException.invalid(field, "must be at most " + max + " characters");
        }
    }

    private LeadRules() {}
}

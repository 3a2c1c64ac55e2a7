package dev.crm.lead.domain;

import dev.crm.events.v1.Money;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.platform.domain.DomainException;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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

    /** Names of the top-level fields whose values differ; money compares by value, so 17000 equals 17000.00. */
    static List<String> changedFields(LeadDetails before, LeadDetails after) {
        List<String> changed = new ArrayList<>();
        for (RecordComponent component : LeadDetails.class.getRecordComponents()) {
            try {
                Object a = component.getAccessor().invoke(before);
                Object b = component.getAccessor().invoke(after);
                if (!same(a, b)) {
                    changed.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return changed;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Money m && b instanceof Money n) {
            return m.currency().equals(n.currency()) && m.amount().compareTo(n.amount()) == 0;
        }
        return Objects.equals(a, b);
    }

    private LeadRules() {
    }
}

package dev.crm.timeline.domain;

import dev.crm.events.v1.Regarding;
import dev.crm.events.v1.activity.ActivityDetails;
import dev.crm.events.v1.activity.ActivityType;
import dev.crm.platform.domain.DomainException;
import java.util.List;

/** Invariants of activity and note contents, whoever sends the command. */
public final class ActivityRules {

    public static final int SUBJECT_MAX = 200;
    public static final int DESCRIPTION_MAX = 2000;
    public static final int NOTE_TEXT_MAX = 10_000;
    public static final int NOTE_TITLE_MAX = 200;
    public static final int RECIPIENTS_MAX = 50;

    static void check(ActivityType type, ActivityDetails details) {
        if (type == null) {
            throw DomainException.invalid("type", "must be one of PHONE_CALL, TASK, EMAIL, APPOINTMENT");
        }
        if (details == null) {
            throw DomainException.invalid("details", "must be given");
        }
        required("subject", details.subject(), SUBJECT_MAX);
        check(details.regarding());
        if (type == ActivityType.APPOINTMENT) {
            if (details.startAt() == null) {
                throw DomainException.invalid("startAt", "an appointment needs a start");
            }
            if (details.endAt() == null) {
                throw DomainException.invalid("endAt", "an appointment needs an end");
            }
            if (details.endAt().isBefore(details.startAt())) {
                throw DomainException.invalid("endAt", "must not be before startAt");
            }
            onlyFor(type, "dueAt", details.dueAt(), "an appointment is due at its start (startAt)");
        } else {
            onlyFor(type, "startAt", details.startAt(), "only appointments have a start");
            onlyFor(type, "endAt", details.endAt(), "only appointments have an end");
            onlyFor(type, "location", details.location(), "only appointments have a location");
        }
        if (type != ActivityType.PHONE_CALL) {
            onlyFor(type, "direction", details.direction(), "only phone calls have a direction");
            onlyFor(type, "phoneNumber", details.phoneNumber(), "only phone calls have a phone number");
        }
        if (type != ActivityType.EMAIL) {
            onlyFor(type, "from", details.from(), "only e-mails have a sender");
            onlyFor(type, "to", empty(details.to()) ? null : details.to(), "only e-mails have recipients");
            onlyFor(type, "cc", empty(details.cc()) ? null : details.cc(), "only e-mails have recipients");
        } else {
            recipients("to", details.to());
            recipients("cc", details.cc());
        }
    }

    static void check(Regarding regarding) {
        if (regarding == null || regarding.type() == null) {
            throw DomainException.invalid("regarding.type", "must be one of LEAD, OPPORTUNITY, CONTACT, ACCOUNT");
        }
        if (regarding.id() == null || regarding.id().isBlank()) {
            throw DomainException.invalid("regarding.id", "must not be blank");
        }
    }

    static void checkNote(String title, String text) {
        required("text", text, NOTE_TEXT_MAX);
        if (title != null && title.length() > NOTE_TITLE_MAX) {
            throw DomainException.invalid("title", "must be at most " + NOTE_TITLE_MAX + " characters");
        }
    }

    private static void recipients(String field, List<String> addresses) {
        if (addresses != null && addresses.size() > RECIPIENTS_MAX) {
            throw DomainException.invalid(field, "at most " + RECIPIENTS_MAX + " addresses");
        }
    }

    private static boolean empty(List<String> list) {
        return list == null || list.isEmpty();
    }

    private static void onlyFor(ActivityType type, String field, Object value, String reason) {
        if (value != null) {
            throw DomainException.invalid(field, reason + " (this is a " + type + ")");
        }
    }

    private static void required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid(field, "must not be blank");
        }
        if (value.length() > max) {
            throw DomainException.invalid(field, "must be at most " + max + " characters");
        }
    }

    private ActivityRules() {}
}

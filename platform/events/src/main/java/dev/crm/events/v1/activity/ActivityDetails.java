package dev.crm.events.v1.activity;

import dev.crm.events.v1.Regarding;
import java.time.Instant;
import java.util.List;

/**
 * The editable fields of an activity. {@code subject} and {@code regarding} are always present. {@code dueAt} is when a
 * phone call, task or e-mail is due; an appointment has {@code startAt} and {@code endAt} instead (its due time is its
 * start) and a {@code location}. {@code direction} and {@code phoneNumber} belong to phone calls, {@code from},
 * {@code to} and {@code cc} (e-mail addresses) to e-mails. Absent means empty.
 */
public record ActivityDetails(
        String subject,
        String description,
        Regarding regarding,
        ActivityPriority priority,
        Instant dueAt,
        Instant startAt,
        Instant endAt,
        String location,
        PhoneCallDirection direction,
        String phoneNumber,
        String from,
        List<String> to,
        List<String> cc) {

    /** When the activity is due: its start for an appointment. */
    public Instant due() {
        return startAt != null ? startAt : dueAt;
    }
}

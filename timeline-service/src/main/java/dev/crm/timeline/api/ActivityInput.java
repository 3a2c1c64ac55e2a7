package dev.crm.timeline.api;

import static dev.crm.platform.web.Inputs.clean;

import dev.crm.events.v1.activity.ActivityDetails;
import dev.crm.events.v1.activity.ActivityPriority;
import dev.crm.events.v1.activity.PhoneCallDirection;
import dev.crm.platform.axon.EventJson;
import dev.crm.platform.web.MultiLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** The activity fields a client sends: the body of a create, and the shape a merge patch is applied to. */
public class ActivityInput {

    @NotBlank
    @Size(max = 200)
    public String subject;

    @Size(max = 2000)
    @MultiLine
    public String description;

    @NotNull
    @Valid
    public RegardingInput regarding;
    /** Empty: NORMAL. */
    public ActivityPriority priority;
    /** Phone calls, tasks and e-mails: when it is due (ISO 8601 instant, e.g. 2026-12-01T16:30:00Z). */
    public Instant dueAt;
    /** Appointments: start and end. */
    public Instant startAt;

    public Instant endAt;

    @Size(max = 200)
    public String location;
    /** Phone calls; empty: OUTGOING. */
    public PhoneCallDirection direction;

    @Size(max = 50)
    public String phoneNumber;
    /** E-mails: sender and recipients (addresses). */
    @Email
    @Size(max = 200)
    public String from;

    @Size(max = 50)
    public List<@Email @Size(max = 200) String> to;

    @Size(max = 50)
    public List<@Email @Size(max = 200) String> cc;

    ActivityDetails toDetails() {
        return new ActivityDetails(
                clean(subject),
                clean(description),
                regarding == null ? null : regarding.toRegarding(),
                priority,
                dueAt,
                startAt,
                endAt,
                clean(location),
                direction,
                clean(phoneNumber),
                clean(from),
                addresses(to),
                addresses(cc));
    }

    private static List<String> addresses(List<String> list) {
        return list == null
                ? null
                : list.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The input that would produce {@code details}: same field names, so Jackson converts field by field. */
    static ActivityInput from(ActivityDetails details) {
        return EventJson.mapper().convertValue(details, ActivityInput.class);
    }
}

package dev.crm.timeline.api;

import dev.crm.events.v1.activity.ActivityStatusReason;
import dev.crm.events.v1.activity.ActivityType;
import dev.crm.platform.web.MultiLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of the activity and note endpoints. */
public final class TimelineRequests {

    /** A new activity; the owner is the caller unless a sales manager names one. */
    public static class CreateActivity extends ActivityInput {
        @NotNull
        public ActivityType type;

        @Size(max = 128)
        public String ownerId;
    }

    /** Empty body or no statusReason: a phone call MADE, an e-mail SENT, a task or appointment COMPLETED. */
    public record Complete(ActivityStatusReason statusReason) {}

    /** The note fields a client sends: the body of a create, and the shape a merge patch is applied to. */
    public static class NoteInput {
        @Size(max = 200)
        public String title;

        @NotBlank
        @Size(max = 10_000)
        @MultiLine
        public String text;
    }

    public static class CreateNote extends NoteInput {
        @NotNull
        @Valid
        public RegardingInput regarding;
    }

    private TimelineRequests() {}
}

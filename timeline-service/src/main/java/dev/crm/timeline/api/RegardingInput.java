package dev.crm.timeline.api;

import dev.crm.events.v1.RecordType;
import dev.crm.events.v1.Regarding;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The record an activity or a note is about: {"type": "OPPORTUNITY", "id": "..."}. */
public class RegardingInput {
    @NotNull
    public RecordType type;

    @NotBlank
    @Size(max = 64)
    public String id;

    Regarding toRegarding() {
        return new Regarding(type, id == null ? null : id.strip());
    }
}

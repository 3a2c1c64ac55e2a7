package dev.crm.platform.web;

import dev.crm.events.v1.ConnectionRole;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Bodies of the stakeholder endpoints, the same for leads and opportunities. */
public final class StakeholderRequests {

    /** Connects a contact; role STAKEHOLDER when none is given. */
    public record AddStakeholder(@NotBlank @Size(max = 64) String contactId, ConnectionRole role) {}

    public record ChangeStakeholderRole(@NotNull ConnectionRole role) {}

    private StakeholderRequests() {}
}

package dev.crm.opportunity.api;

import dev.crm.events.v1.opportunity.OpportunityStatusReason;
import dev.crm.platform.web.Inputs.MoneyInput;
import dev.crm.platform.web.MultiLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/** Bodies of the opportunity's operation endpoints. */
public final class OpportunityRequests {

    /** {@code actualRevenue} defaults to the estimated revenue, {@code closeDate} to today. */
    public record Win(
            @Valid MoneyInput actualRevenue,
            LocalDate closeDate,
            @MultiLine @Size(max = 2000) String description) {
        static final Win DEFAULTS = new Win(null, null, null);
    }

    /** {@code reason} CANCELED (default) or OUT_SOLD; {@code competitor}: who won the deal. */
    public record Lose(
            OpportunityStatusReason reason,
            @Size(max = 100) String competitor,
            @Valid MoneyInput actualRevenue,
            LocalDate closeDate,
            @MultiLine @Size(max = 2000) String description) {
        static final Lose DEFAULTS = new Lose(null, null, null, null, null);
    }

    /** IN_PROGRESS or ON_HOLD. */
    public record ChangeStatusReason(@NotNull OpportunityStatusReason statusReason) {}

    public record AddCompetitor(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 200) String website,
            @MultiLine @Size(max = 2000) String strengths,
            @MultiLine @Size(max = 2000) String weaknesses) {}

    private OpportunityRequests() {}
}

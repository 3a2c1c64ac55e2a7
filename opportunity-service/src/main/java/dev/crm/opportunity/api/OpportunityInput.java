package dev.crm.opportunity.api;

import static dev.crm.platform.web.Inputs.clean;

import dev.crm.events.v1.PurchaseProcess;
import dev.crm.events.v1.PurchaseTimeframe;
import dev.crm.events.v1.Rating;
import dev.crm.events.v1.opportunity.ForecastCategory;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.platform.axon.EventJson;
import dev.crm.platform.web.Inputs.MoneyInput;
import dev.crm.platform.web.MultiLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/** The opportunity fields a client sends: the body of a create, and the shape a merge patch is applied to. */
public class OpportunityInput {

    @NotBlank
    @Size(max = 300)
    public String name;

    @Size(max = 64)
    public String accountId;

    @Size(max = 64)
    public String contactId;

    @Valid
    public MoneyInput budgetAmount;

    public PurchaseTimeframe purchaseTimeframe;
    public PurchaseProcess purchaseProcess;

    @Size(max = 2000)
    @MultiLine
    public String description;

    public LocalDate estimatedCloseDate;

    @Valid
    public MoneyInput estimatedRevenue;
    /** Per cent; empty at creation: the first stage's default. */
    @Min(0)
    @Max(100)
    public Integer probability;
    /** Empty at creation: the first stage's default; WON and LOST are set by closing. */
    public ForecastCategory forecastCategory;

    public Rating rating;

    @Size(max = 2000)
    @MultiLine
    public String customerNeed;

    @Size(max = 2000)
    @MultiLine
    public String proposedSolution;

    public OpportunityDetails toDetails() {
        return new OpportunityDetails(
                clean(name),
                clean(accountId),
                clean(contactId),
                MoneyInput.toMoney(budgetAmount),
                purchaseTimeframe,
                purchaseProcess,
                clean(description),
                estimatedCloseDate,
                MoneyInput.toMoney(estimatedRevenue),
                probability,
                forecastCategory,
                rating,
                clean(customerNeed),
                clean(proposedSolution));
    }

    /** The input that would produce {@code details}: same field names, so Jackson converts field by field. */
    public static OpportunityInput from(OpportunityDetails details) {
        return EventJson.mapper().convertValue(details, OpportunityInput.class);
    }
}

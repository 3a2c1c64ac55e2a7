package dev.crm.lead.api;

import static dev.crm.platform.web.Inputs.clean;

import dev.crm.events.v1.PurchaseProcess;
import dev.crm.events.v1.PurchaseTimeframe;
import dev.crm.events.v1.Rating;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadSource;
import dev.crm.events.v1.lead.PreferredContactMethod;
import dev.crm.platform.axon.EventJson;
import dev.crm.platform.web.Inputs.AddressInput;
import dev.crm.platform.web.Inputs.MoneyInput;
import dev.crm.platform.web.MultiLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/** The lead fields a client sends: the body of a create, and the shape a merge patch is applied to. */
public class LeadInput {

    @NotBlank
    @Size(max = 300)
    public String topic;

    @Size(max = 50)
    public String firstName;

    @NotBlank
    @Size(max = 50)
    public String lastName;

    @Size(max = 100)
    public String jobTitle;

    @Email
    @Size(max = 100)
    public String email;

    @Size(max = 50)
    public String businessPhone;

    @Size(max = 50)
    public String mobilePhone;

    @Size(max = 100)
    public String companyName;

    @Size(max = 200)
    public String website;

    @Valid
    public AddressInput address;

    @Size(max = 100)
    public String industry;

    public PreferredContactMethod preferredContactMethod;
    public LeadSource leadSource;
    public Rating rating;

    @Valid
    public MoneyInput budgetAmount;

    public PurchaseTimeframe purchaseTimeframe;
    public PurchaseProcess purchaseProcess;
    public LocalDate estimatedCloseDate;

    @Valid
    public MoneyInput estimatedValue;

    @Size(max = 2000)
    @MultiLine
    public String description;

    public Boolean decisionMaker;

    public LeadDetails toDetails() {
        return new LeadDetails(
                clean(topic),
                clean(firstName),
                clean(lastName),
                clean(jobTitle),
                clean(email),
                clean(businessPhone),
                clean(mobilePhone),
                clean(companyName),
                clean(website),
                AddressInput.toAddress(address),
                clean(industry),
                preferredContactMethod,
                leadSource,
                rating,
                MoneyInput.toMoney(budgetAmount),
                purchaseTimeframe,
                purchaseProcess,
                estimatedCloseDate,
                MoneyInput.toMoney(estimatedValue),
                clean(description),
                decisionMaker);
    }

    /** The input that would produce {@code details}: same field names, so Jackson converts field by field. */
    public static LeadInput from(LeadDetails details) {
        return EventJson.mapper().convertValue(details, LeadInput.class);
    }
}

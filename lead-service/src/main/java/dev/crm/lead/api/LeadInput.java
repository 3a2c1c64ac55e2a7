package dev.crm.lead.api;

import dev.crm.events.v1.Address;
import dev.crm.events.v1.Money;
import dev.crm.events.v1.PurchaseProcess;
import dev.crm.events.v1.PurchaseTimeframe;
import dev.crm.events.v1.Rating;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadSource;
import dev.crm.events.v1.lead.PreferredContactMethod;
import dev.crm.platform.axon.EventJson;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
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
    public String description;
    public Boolean decisionMaker;

    public static class AddressInput {
        @Size(max = 250)
        public String street;
        @Size(max = 100)
        public String city;
        @Size(max = 20)
        public String postalCode;
        @Size(max = 100)
        public String stateOrProvince;
        @Size(max = 100)
        public String country;
    }

    public static class MoneyInput {
        @NotNull
        @DecimalMin("0")
        @Digits(integer = 15, fraction = 4)
        public BigDecimal amount;
        @NotNull
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 currency code such as USD")
        public String currency;
    }

    public LeadDetails toDetails() {
        Address addr = address == null ? null
                : new Address(clean(address.street), clean(address.city), clean(address.postalCode),
                clean(address.stateOrProvince), clean(address.country));
        return new LeadDetails(clean(topic), clean(firstName), clean(lastName), clean(jobTitle), clean(email),
                clean(businessPhone), clean(mobilePhone), clean(companyName), clean(website),
                isEmpty(addr) ? null : addr, clean(industry), preferredContactMethod, leadSource,
                rating, money(budgetAmount), purchaseTimeframe, purchaseProcess, estimatedCloseDate,
                money(estimatedValue), clean(description), decisionMaker);
    }

    /** The input that would produce {@code details}: same field names, so Jackson converts field by field. */
    public static LeadInput from(LeadDetails details) {
        return EventJson.mapper().convertValue(details, LeadInput.class);
    }

    private static Money money(MoneyInput in) {
        return in == null ? null : new Money(in.amount, in.currency);
    }

    private static boolean isEmpty(Address a) {
        return a == null || (a.street() == null && a.city() == null && a.postalCode() == null
                && a.stateOrProvince() == null && a.country() == null);
    }

    private static String clean(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

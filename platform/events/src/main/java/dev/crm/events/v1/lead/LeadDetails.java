package dev.crm.events.v1.lead;

import dev.crm.events.v1.Address;
import dev.crm.events.v1.Money;
import dev.crm.events.v1.PurchaseProcess;
import dev.crm.events.v1.PurchaseTimeframe;
import dev.crm.events.v1.Rating;

import java.time.LocalDate;

/** The editable fields of a lead, as entered by the salesperson. Only topic and lastName are always present. */
public record LeadDetails(
        String topic,
        String firstName,
        String lastName,
        String jobTitle,
        String email,
        String businessPhone,
        String mobilePhone,
        String companyName,
        String website,
        Address address,
        String industry,
        PreferredContactMethod preferredContactMethod,
        LeadSource leadSource,
        Rating rating,
        Money budgetAmount,
        PurchaseTimeframe purchaseTimeframe,
        PurchaseProcess purchaseProcess,
        LocalDate estimatedCloseDate,
        Money estimatedValue,
        String description,
        Boolean decisionMaker) {

    public boolean hasCompany() {
        return companyName != null && !companyName.isBlank();
    }
}

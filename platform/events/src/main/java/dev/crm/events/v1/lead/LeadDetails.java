package dev.crm.events.v1.lead;

import dev.crm.events.v1.Address;
import dev.crm.events.v1.Money;
import dev.crm.events.v1.PurchaseProcess;
import dev.crm.events.v1.PurchaseTimeframe;
import dev.crm.events.v1.Rating;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.contact.ContactDetails;
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

    /** The person fields a qualified lead gives its contact (a new one, or the empty fields of a chosen one). */
    public ContactDetails contactDetails() {
        return new ContactDetails(firstName, lastName, jobTitle, email, businessPhone, mobilePhone, address, null);
    }

    /** The company fields a qualified lead gives its account (a new one, or the empty fields of a chosen one). */
    public AccountDetails accountDetails() {
        return new AccountDetails(companyName, website, businessPhone, industry, address, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this lead's values, to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.topic = topic;
        b.firstName = firstName;
        b.lastName = lastName;
        b.jobTitle = jobTitle;
        b.email = email;
        b.businessPhone = businessPhone;
        b.mobilePhone = mobilePhone;
        b.companyName = companyName;
        b.website = website;
        b.address = address;
        b.industry = industry;
        b.preferredContactMethod = preferredContactMethod;
        b.leadSource = leadSource;
        b.rating = rating;
        b.budgetAmount = budgetAmount;
        b.purchaseTimeframe = purchaseTimeframe;
        b.purchaseProcess = purchaseProcess;
        b.estimatedCloseDate = estimatedCloseDate;
        b.estimatedValue = estimatedValue;
        b.description = description;
        b.decisionMaker = decisionMaker;
        return b;
    }

    /** Builds details field by field, so that no caller passes a row of nulls; unset fields stay null. */
    public static final class Builder {
        private String topic;
        private String firstName;
        private String lastName;
        private String jobTitle;
        private String email;
        private String businessPhone;
        private String mobilePhone;
        private String companyName;
        private String website;
        private Address address;
        private String industry;
        private PreferredContactMethod preferredContactMethod;
        private LeadSource leadSource;
        private Rating rating;
        private Money budgetAmount;
        private PurchaseTimeframe purchaseTimeframe;
        private PurchaseProcess purchaseProcess;
        private LocalDate estimatedCloseDate;
        private Money estimatedValue;
        private String description;
        private Boolean decisionMaker;

        public Builder topic(String value) {
            this.topic = value;
            return this;
        }

        public Builder firstName(String value) {
            this.firstName = value;
            return this;
        }

        public Builder lastName(String value) {
            this.lastName = value;
            return this;
        }

        public Builder jobTitle(String value) {
            this.jobTitle = value;
            return this;
        }

        public Builder email(String value) {
            this.email = value;
            return this;
        }

        public Builder businessPhone(String value) {
            this.businessPhone = value;
            return this;
        }

        public Builder mobilePhone(String value) {
            this.mobilePhone = value;
            return this;
        }

        public Builder companyName(String value) {
            this.companyName = value;
            return this;
        }

        public Builder website(String value) {
            this.website = value;
            return this;
        }

        public Builder address(Address value) {
            this.address = value;
            return this;
        }

        public Builder industry(String value) {
            this.industry = value;
            return this;
        }

        public Builder preferredContactMethod(PreferredContactMethod value) {
            this.preferredContactMethod = value;
            return this;
        }

        public Builder leadSource(LeadSource value) {
            this.leadSource = value;
            return this;
        }

        public Builder rating(Rating value) {
            this.rating = value;
            return this;
        }

        public Builder budgetAmount(Money value) {
            this.budgetAmount = value;
            return this;
        }

        public Builder purchaseTimeframe(PurchaseTimeframe value) {
            this.purchaseTimeframe = value;
            return this;
        }

        public Builder purchaseProcess(PurchaseProcess value) {
            this.purchaseProcess = value;
            return this;
        }

        public Builder estimatedCloseDate(LocalDate value) {
            this.estimatedCloseDate = value;
            return this;
        }

        public Builder estimatedValue(Money value) {
            this.estimatedValue = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder decisionMaker(Boolean value) {
            this.decisionMaker = value;
            return this;
        }

        public LeadDetails build() {
            return new LeadDetails(
                    topic,
                    firstName,
                    lastName,
                    jobTitle,
                    email,
                    businessPhone,
                    mobilePhone,
                    companyName,
                    website,
                    address,
                    industry,
                    preferredContactMethod,
                    leadSource,
                    rating,
                    budgetAmount,
                    purchaseTimeframe,
                    purchaseProcess,
                    estimatedCloseDate,
                    estimatedValue,
                    description,
                    decisionMaker);
        }
    }
}

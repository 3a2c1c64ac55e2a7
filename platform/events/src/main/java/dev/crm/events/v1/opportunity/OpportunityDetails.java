package dev.crm.events.v1.opportunity;

import dev.crm.events.v1.Money;
import dev.crm.events.v1.PurchaseProcess;
import dev.crm.events.v1.PurchaseTimeframe;
import dev.crm.events.v1.Rating;
import java.time.LocalDate;

/**
 * The editable fields of an opportunity. {@code name} is always present, and at least one of {@code accountId} and
 * {@code contactId} (the customer). {@code probability} (0-100) and {@code forecastCategory} always hold the values in
 * force: a stage change sets the new stage's defaults, an update may override them, closing sets 100/WON or 0/LOST.
 */
public record OpportunityDetails(
        String name,
        String accountId,
        String contactId,
        Money budgetAmount,
        PurchaseTimeframe purchaseTimeframe,
        PurchaseProcess purchaseProcess,
        String description,
        LocalDate estimatedCloseDate,
        Money estimatedRevenue,
        Integer probability,
        ForecastCategory forecastCategory,
        Rating rating,
        String customerNeed,
        String proposedSolution) {

    /** These details with the forecast a stage change or a close puts in force. */
    public OpportunityDetails withForecast(int newProbability, ForecastCategory newCategory) {
        return toBuilder()
                .probability(newProbability)
                .forecastCategory(newCategory)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .name(name)
                .accountId(accountId)
                .contactId(contactId)
                .budgetAmount(budgetAmount)
                .purchaseTimeframe(purchaseTimeframe)
                .purchaseProcess(purchaseProcess)
                .description(description)
                .estimatedCloseDate(estimatedCloseDate)
                .estimatedRevenue(estimatedRevenue)
                .probability(probability)
                .forecastCategory(forecastCategory)
                .rating(rating)
                .customerNeed(customerNeed)
                .proposedSolution(proposedSolution);
    }

    /** Builds details field by field; unset fields stay null. */
    public static final class Builder {
        private String name;
        private String accountId;
        private String contactId;
        private Money budgetAmount;
        private PurchaseTimeframe purchaseTimeframe;
        private PurchaseProcess purchaseProcess;
        private String description;
        private LocalDate estimatedCloseDate;
        private Money estimatedRevenue;
        private Integer probability;
        private ForecastCategory forecastCategory;
        private Rating rating;
        private String customerNeed;
        private String proposedSolution;

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder accountId(String value) {
            accountId = value;
            return this;
        }

        public Builder contactId(String value) {
            contactId = value;
            return this;
        }

        public Builder budgetAmount(Money value) {
            budgetAmount = value;
            return this;
        }

        public Builder purchaseTimeframe(PurchaseTimeframe value) {
            purchaseTimeframe = value;
            return this;
        }

        public Builder purchaseProcess(PurchaseProcess value) {
            purchaseProcess = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder estimatedCloseDate(LocalDate value) {
            estimatedCloseDate = value;
            return this;
        }

        public Builder estimatedRevenue(Money value) {
            estimatedRevenue = value;
            return this;
        }

        public Builder probability(Integer value) {
            probability = value;
            return this;
        }

        public Builder forecastCategory(ForecastCategory value) {
            forecastCategory = value;
            return this;
        }

        public Builder rating(Rating value) {
            rating = value;
            return this;
        }

        public Builder customerNeed(String value) {
            customerNeed = value;
            return this;
        }

        public Builder proposedSolution(String value) {
            proposedSolution = value;
            return this;
        }

        public OpportunityDetails build() {
            return new OpportunityDetails(
                    name,
                    accountId,
                    contactId,
                    budgetAmount,
                    purchaseTimeframe,
                    purchaseProcess,
                    description,
                    estimatedCloseDate,
                    estimatedRevenue,
                    probability,
                    forecastCategory,
                    rating,
                    customerNeed,
                    proposedSolution);
        }
    }
}

package dev.crm.opportunity.domain;

import dev.crm.events.v1.opportunity.ForecastCategory;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.platform.domain.DomainException;

/** Invariants of opportunity details that hold whoever sends the command (API or another service's event). */
final class OpportunityRules {

    static final int NAME_MAX = 300;
    static final int COMPETITOR_NAME_MAX = 100;
    static final int TEXT_MAX = 2000;

    static void check(OpportunityDetails details) {
        if (details == null) {
            throw DomainException.invalid("details", "must be given");
        }
        required("name", details.name(), NAME_MAX);
        Integer probability = details.probability();
        if (probability != null && (probability < 0 || probability > 100)) {
            throw DomainException.invalid("probability", "must be between 0 and 100");
        }
        ForecastCategory category = details.forecastCategory();
        if (category == ForecastCategory.WON || category == ForecastCategory.LOST) {
            throw DomainException.invalid(
                    "forecastCategory", "WON and LOST are set by closing the opportunity (/win, /lose)");
        }
    }

    static void check(dev.crm.events.v1.opportunity.OpportunitySteps steps) {
        String summary = steps.captureSummary();
        if (summary != null && summary.length() > TEXT_MAX) {
            throw DomainException.invalid("captureSummary", "must be at most " + TEXT_MAX + " characters");
        }
    }

    static boolean hasCustomer(OpportunityDetails details) {
        return details.accountId() != null || details.contactId() != null;
    }

    static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid(field, "must not be blank");
        }
        if (value.length() > max) {
            throw DomainException.invalid(field, "must be at most " + max + " characters");
        }
        return value;
    }

    static <T> T require(T value, String field) {
        if (value == null) {
            throw DomainException.invalid(field, "must be given");
        }
        return value;
    }

    private OpportunityRules() {}
}

package dev.crm.contactaccount.domain;

import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.platform.domain.DomainException;

/** Invariants of contact and account details that hold whoever sends the command (API or another service). */
final class DetailsRules {

    static final int LAST_NAME_MAX = 50;
    static final int ACCOUNT_NAME_MAX = 160;

    static void check(ContactDetails details) {
        if (details == null) {
            throw DomainException.invalid("details", "must be given");
        }
        required("lastName", details.lastName(), LAST_NAME_MAX);
    }

    static void check(AccountDetails details) {
        if (details == null) {
            throw DomainException.invalid("details", "must be given");
        }
        required("name", details.name(), ACCOUNT_NAME_MAX);
    }

    private static void required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid(field, "must not be blank");
        }
        if (value.length() > max) {
            throw DomainException.invalid(field, "must be at most " + max + " characters");
        }
    }

    static <T> T require(T value, String field) {
        if (value == null) {
            throw DomainException.invalid(field, "must be given");
        }
        return value;
    }

    private DetailsRules() {}
}

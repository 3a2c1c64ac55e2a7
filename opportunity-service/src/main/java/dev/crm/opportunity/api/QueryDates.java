package dev.crm.opportunity.api;

import dev.crm.platform.domain.DomainException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Dates and instants in query parameters, read as text so that a bad one is a 400 naming the parameter. */
final class QueryDates {

    static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw DomainException.invalid(name, "must be a date such as 2026-12-31, got '" + value + "'");
        }
    }

    /** An ISO-8601 instant with its offset (2026-12-01T10:00:00Z) or a date (its start, UTC). */
    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw DomainException.invalid(name, "must be an instant such as 2026-12-01T16:30:00Z, got '" + value + "'");
            }
        }
    }

    private QueryDates() {
    }
}

package dev.crm.platform.web;

import dev.crm.platform.domain.DomainException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Query parameters read as text, so that a malformed one is a 400 naming it (JAX-RS would answer 404 for a
 * parameter it cannot convert). Absent or blank means not given.
 */
public final class QueryParams {

    public static int number(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw DomainException.invalid(name, "must be a whole number, got '" + TextRules.excerpt(value, 50) + "'");
        }
    }

    public static @Nullable LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw DomainException.invalid(
                    name, "must be a date such as 2026-12-31, got '" + TextRules.excerpt(value, 50) + "'");
        }
        return inRange(name, date, date.getYear());
    }

    /** An ISO-8601 instant with its offset (2026-12-01T16:30:00Z), or a date: its start, UTC. */
    public static @Nullable Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                instant = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw DomainException.invalid(
                        name,
                        "must be an instant such as 2026-12-01T16:30:00Z, got '" + TextRules.excerpt(value, 50) + "'");
            }
        }
        return inRange(name, instant, instant.atOffset(ZoneOffset.UTC).getYear());
    }

    private static <T> T inRange(String name, T value, int year) {
        String refusal = TextRules.yearRefusal(year);
        if (refusal != null) {
            throw DomainException.invalid(name, refusal);
        }
        return value;
    }

    private QueryParams() {}
}

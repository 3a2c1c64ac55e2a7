package dev.crm.platform.domain;

import java.util.Map;

/**
 * A refusal decided by the domain. {@link Kind} says what kind of refusal it is; the web layer turns it into the
 * matching problem+json status. {@code code} is a stable, machine-readable slug (e.g. {@code lead-read-only}).
 */
public class DomainException extends RuntimeException {

    public enum Kind {
        /** the request is well-formed but a value is not acceptable (400) */
        INVALID,
        /** the caller may not do this to this record (403) */
        FORBIDDEN,
        /** no such record (404) */
        NOT_FOUND,
        /** the record's state forbids the operation, or the caller's version is stale (409) */
        CONFLICT
    }

    private final Kind kind;
    private final String code;
    private final transient Map<String, Object> details;

    public DomainException(Kind kind, String code, String message) {
        this(kind, code, message, Map.of());
    }

    public DomainException(Kind kind, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static DomainException notFound(String what, String id) {
        return new DomainException(Kind.NOT_FOUND, "not-found", what + " " + id + " does not exist");
    }

    public static DomainException staleVersion(long expected, long actual) {
        return new DomainException(
                Kind.CONFLICT,
                "stale-version",
                "The record was changed since version " + expected + "; it is now at version " + actual
                        + ". Read it again and retry.",
                Map.of("expectedVersion", expected, "currentVersion", actual));
    }

    public static DomainException invalid(String field, String reason) {
        return new DomainException(
                Kind.INVALID,
                "invalid-field",
                field + ": " + reason,
                Map.of("errors", java.util.List.of(Map.of("field", field, "reason", reason))));
    }
}

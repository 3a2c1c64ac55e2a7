package dev.crm.platform.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** RFC 9457 problem details; {@code errors} lists field-level reasons for a 400. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        @Nullable String detail,
        @Nullable String instance,
        String code,
        @Nullable List<FieldError> errors,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://crm.dev/problems/";

    public record FieldError(String field, String reason) {}

    @JsonAnyGetter
    public Map<String, Object> any() {
        return extensions == null ? Map.of() : extensions;
    }

    public static Problem of(int status, String code, String title, @Nullable String detail) {
        return new Problem(TYPE_BASE + code, title, status, detail, null, code, null, new LinkedHashMap<>());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, code, fieldErrors, extensions);
    }

    public Problem withInstance(@Nullable String path) {
        return new Problem(type, title, status, detail, path, code, errors, extensions);
    }
}

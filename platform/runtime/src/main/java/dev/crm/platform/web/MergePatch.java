package dev.crm.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crm.platform.axon.EventJson;
import dev.crm.platform.domain.DomainException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * JSON merge patch (RFC 7386) onto an input class: the record's current input, patched, then read back and validated
 * exactly as a create body would be. Fields a patch may not touch are refused with the operation that changes them.
 */
public final class MergePatch<I> {

    public static final String MEDIA_TYPE = "application/merge-patch+json";

    private final Class<I> inputType;
    private final Set<String> patchable;
    private final Map<String, String> readOnly;
    private final String recordName;

    /** What every record answers and no patch sets: its identity, its version and its audit fields. */
    private static final Map<String, String> SYSTEM_FIELDS = Map.of(
            "id",
            "it never changes",
            "version",
            "it is the record's version",
            "createdAt",
            "it is set by the system",
            "createdBy",
            "it is set by the system",
            "modifiedAt",
            "it is set by the system",
            "modifiedBy",
            "it is set by the system");

    /**
     * {@code readOnly}: the record's own response fields that are not inputs, with how they change instead (the
     * system fields, id, version, created and modified, are refused for every record).
     */
    public MergePatch(Class<I> inputType, String recordName, Map<String, String> readOnly) {
        this.inputType = inputType;
        this.recordName = recordName;
        Map<String, String> refused = new java.util.HashMap<>(SYSTEM_FIELDS);
        refused.putAll(readOnly);
        this.readOnly = Map.copyOf(refused);
        this.patchable = Arrays.stream(inputType.getFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(Field::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    public I apply(I current, JsonNode patch, Validator validator) {
        if (patch == null || !patch.isObject()) {
            throw DomainException.invalid("body", "must be a JSON object (a merge patch)");
        }
        for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (readOnly.containsKey(name)) {
                throw DomainException.invalid(name, "cannot be changed by PATCH: " + readOnly.get(name));
            }
            if (!patchable.contains(name)) {
                throw DomainException.invalid(name, "is not a " + recordName + " field");
            }
        }
        JsonNode merged = merge(EventJson.mapper().valueToTree(current), patch);
        I input;
        try {
            // read as a request body is: the patched text obeys the same rules as a create's
            input = RequestJson.mapper()
                    .readerFor(inputType)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .treeToValue(merged, inputType);
        } catch (JsonProcessingException e) {
            throw new PatchBodyException(e);
        }
        Set<ConstraintViolation<I>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return input;
    }

    /**
     * Runs a read-patch-write {@code attempt}. With If-Match ({@code expectedVersion} given) a stale version is the
     * caller's conflict; without it the patch applies to the version just read, so a concurrent change only makes
     * the attempt re-read and run again (a few times).
     */
    public static <T> T retryingStale(@Nullable Long expectedVersion, Supplier<T> attempt) {
        for (int tries = 1; ; tries++) {
            try {
                return attempt.get();
            } catch (DomainException e) {
                if (expectedVersion != null || !"stale-version".equals(e.code()) || tries == 3) {
                    throw e;
                }
            }
        }
    }

    /** RFC 7386: objects merge recursively, null removes, anything else replaces. */
    public static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : EventJson.mapper().createObjectNode();
        patch.properties().forEach(entry -> {
            if (entry.getValue().isNull()) {
                result.remove(entry.getKey());
            } else {
                result.set(entry.getKey(), merge(result.get(entry.getKey()), entry.getValue()));
            }
        });
        return result;
    }

    /** A patched body Jackson cannot read (wrong type for a field): mapped to 400 like an unreadable create body. */
    public static final class PatchBodyException extends RuntimeException {
        public PatchBodyException(JsonProcessingException cause) {
            super(cause.getOriginalMessage(), cause);
        }

        public @Nullable JsonProcessingException json() {
            return (JsonProcessingException) getCause();
        }
    }
}

package dev.crm.platform.web;

import dev.crm.platform.domain.DomainException;
import jakarta.ws.rs.core.EntityTag;
import org.jspecify.annotations.Nullable;

/** Versions as strong ETags ("3") and If-Match parsing. */
public final class ETags {

    public static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** The version an If-Match header names, or null when absent or "*". */
    public static @Nullable Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw DomainException.invalid("If-Match", "must be the ETag of the record, e.g. \"3\"");
        }
    }

    private ETags() {}
}

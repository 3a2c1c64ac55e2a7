package dev.crm.platform.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.crm.platform.axon.EventJson;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Read-model rows keep the whole snapshot as JSON beside the columns they filter and sort on. */
public final class Documents {

    public static String write(Object snapshot) {
        try {
            return EventJson.mapper().writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "Cannot write " + snapshot.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(String document, Class<T> type, String id) {
        try {
            return EventJson.mapper().readValue(document, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable " + type.getSimpleName() + " document for " + id, e);
        }
    }

    /** The lower-cased words a text search matches against. */
    public static String searchText(String... values) {
        return Stream.of(values)
                .filter(Objects::nonNull)
                .filter(v -> !v.isBlank())
                .map(v -> v.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" "));
    }

    private Documents() {}
}

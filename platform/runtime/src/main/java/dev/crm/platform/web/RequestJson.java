package dev.crm.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.crm.platform.axon.EventJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * How request bodies are read, wherever they are read (the REST layer, a merge patch, an import row): strict JSON
 * (no trailing data after the body, no key given twice, no unknown field) and only what every read model can store:
 * text by {@link TextRules}, dates and instants within the years {@link TextRules#MIN_YEAR} to
 * {@link TextRules#MAX_YEAR} (PostgreSQL's {@code date} and {@code timestamptz} end long before Java's). Event JSON ({@link EventJson}) is apart: what is stored stays readable whatever these rules become.
 */
@Singleton
public class RequestJson implements ObjectMapperCustomizer {

    private static final ObjectMapper MAPPER = configure(EventJson.configure(new ObjectMapper()));

    /** A mapper that reads as the REST layer does: for bodies read outside it (patched records, import rows). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        configure(mapper);
    }

    /** Last, after Quarkus' own customizers: a module registered later wins, and these must replace JSR-310's readers. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper.registerModule(new SimpleModule("crm-request-text")
                .addDeserializer(String.class, new CheckedText(false))
                .addDeserializer(
                        java.time.LocalDate.class,
                        new CheckedYear<>(
                                java.time.LocalDate.class,
                                com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer.INSTANCE,
                                java.time.LocalDate::getYear))
                .addDeserializer(
                        java.time.Instant.class,
                        new CheckedYear<>(
                                java.time.Instant.class,
                                com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer.INSTANT,
                                instant -> instant.atOffset(java.time.ZoneOffset.UTC)
                                        .getYear())));
    }

    /** A date or instant as JSR-310 reads it, refused outside the years every read model can store. */
    static final class CheckedYear<T> extends StdScalarDeserializer<T> {
        private final JsonDeserializer<T> delegate;
        private final java.util.function.ToIntFunction<T> year;

        CheckedYear(Class<T> type, JsonDeserializer<T> delegate, java.util.function.ToIntFunction<T> year) {
            super(type);
            this.delegate = delegate;
            this.year = year;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            T value = delegate.deserialize(parser, context);
            String refusal = value == null ? null : TextRules.yearRefusal(year.applyAsInt(value));
            if (refusal != null) {
                throw new TextRules.Refused(parser, refusal);
            }
            return value;
        }
    }

    /** A string value checked by {@link TextRules}; a property marked {@link MultiLine} may hold line breaks. */
    static final class CheckedText extends StdScalarDeserializer<String> implements ContextualDeserializer {
        private final boolean multiLine;

        CheckedText(boolean multiLine) {
            super(String.class);
            this.multiLine = multiLine;
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            String refusal = text == null ? null : TextRules.refusal(text, multiLine);
            if (refusal != null) {
                throw new TextRules.Refused(parser, refusal);
            }
            return text;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            boolean multi = property != null && property.getAnnotation(MultiLine.class) != null;
            return multi == multiLine ? this : new CheckedText(multi);
        }
    }
}

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
 * (no trailing data after the body, no key given twice, no unknown field) and only text every read model can store
 * ({@link TextRules}). Event JSON ({@link EventJson}) is apart: what is stored stays readable whatever these rules become.
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

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper.registerModule(new SimpleModule("crm-request-text").addDeserializer(String.class,
                new CheckedText(false)));
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

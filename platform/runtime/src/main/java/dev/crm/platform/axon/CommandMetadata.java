package dev.crm.platform.axon;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/** Metadata keys carried from a command to the events it causes (and from there to Kafka headers). */
public final class CommandMetadata {
    public static final String ACTING_USER = "actingUser";
    public static final String ACTING_ROLE = "actingRole";
    public static final String CORRELATION_ID = "correlationId";

    /** Copies the acting user, their role and the correlation id (or, at the root of a chain, the message id) to new messages. */
    public static final CorrelationDataProvider PROVIDER = CommandMetadata::correlationData;

    private static Map<String, ?> correlationData(Message<?> message) {
        Map<String, Object> data = new HashMap<>();
        Object user = message.getMetaData().get(ACTING_USER);
        if (user != null) {
            data.put(ACTING_USER, user);
        }
        Object role = message.getMetaData().get(ACTING_ROLE);
        if (role != null) {
            data.put(ACTING_ROLE, role);
        }
        data.put(CORRELATION_ID, message.getMetaData().getOrDefault(CORRELATION_ID, message.getIdentifier()));
        return data;
    }

    private CommandMetadata() {}
}

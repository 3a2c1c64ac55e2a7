package dev.crm.platform.axon;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Sends a command with the metadata every event it causes carries to Kafka: the acting user and a correlation id.
 * Blocking (JDBC append): call it from worker threads only, never from the event loop.
 */
public final class CommandSender {

    private CommandSender() {
    }

    /** The handler's result. */
    @SuppressWarnings("unchecked")
    public static <R> R send(CommandGateway gateway, Object command, String actingUser, String correlationId) {
        Object answer = apply(gateway, command, actingUser, correlationId);
        return (R) (answer instanceof Applied applied ? applied.result() : answer);
    }

    /** The handler's result and the events the command applied. */
    public static Applied applied(CommandGateway gateway, Object command, String actingUser, String correlationId) {
        Object answer = apply(gateway, command, actingUser, correlationId);
        if (answer instanceof Applied applied) {
            return applied;
        }
        throw new IllegalStateException("The command bus does not report applied events (Applied.wrapper missing)");
    }

    private static Object apply(CommandGateway gateway, Object command, String actingUser, String correlationId) {
        Map<String, Object> metadata = new HashMap<>();
        if (actingUser != null) {
            metadata.put(CommandMetadata.ACTING_USER, actingUser);
        }
        metadata.put(CommandMetadata.CORRELATION_ID,
                correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString() : correlationId);
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }
}

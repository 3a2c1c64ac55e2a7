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

    public static <R> R send(CommandGateway gateway, Object command, String actingUser, String correlationId) {
        Map<String, Object> metadata = new HashMap<>();
        if (actingUser != null) {
            metadata.put(CommandMetadata.ACTING_USER, actingUser);
        }
        metadata.put(CommandMetadata.CORRELATION_ID,
                correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString() : correlationId);
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }
}

package dev.crm.platform.axon;

import dev.crm.platform.security.Actor;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Sends a command with the metadata every event it causes carries to Kafka: the acting user, the role they acted in
 * and a correlation id. Blocking (JDBC append): call it from worker threads only, never from the event loop.
 */
public final class CommandSender {

    private CommandSender() {}

    /** The handler's result. */
    @SuppressWarnings("unchecked")
    public static <R> R send(CommandGateway gateway, Object command, Actor actor, String correlationId) {
        Object answer = apply(gateway, command, actor, correlationId);
        return (R) (answer instanceof Applied applied ? applied.result() : answer);
    }

    /** The handler's result and the events the command applied. */
    public static Applied applied(CommandGateway gateway, Object command, Actor actor, String correlationId) {
        Object answer = apply(gateway, command, actor, correlationId);
        if (answer instanceof Applied applied) {
            return applied;
        }
        throw new IllegalStateException("The command bus does not report applied events (Applied.wrapper missing)");
    }

    private static Object apply(CommandGateway gateway, Object command, Actor actor, String correlationId) {
        Map<String, Object> metadata = new HashMap<>();
        if (actor != null) {
            metadata.put(CommandMetadata.ACTING_USER, actor.userId());
            metadata.put(CommandMetadata.ACTING_ROLE, actor.role());
        }
        metadata.put(
                CommandMetadata.CORRELATION_ID,
                correlationId == null || correlationId.isBlank()
                        ? UUID.randomUUID().toString()
                        : correlationId);
        return gateway.sendAndWait(
                GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }
}

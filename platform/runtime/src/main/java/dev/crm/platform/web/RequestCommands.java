package dev.crm.platform.web;

import dev.crm.platform.axon.Applied;
import dev.crm.platform.axon.CommandSender;
import dev.crm.platform.security.CurrentUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import org.axonframework.commandhandling.gateway.CommandGateway;

/** Commands on behalf of the caller of the current request; {@code X-Correlation-Id} is honoured when sent. */
@RequestScoped
public class RequestCommands {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";

    @Inject
    CommandGateway gateway;

    @Inject
    CurrentUser user;

    @Inject
    HttpHeaders headers;

    public <R> R send(Object command) {
        return CommandSender.send(gateway, command, user.actor(), headers.getHeaderString(CORRELATION_HEADER));
    }

    /** Sends the command; its result and the events it applied. */
    public Applied apply(Object command) {
        return CommandSender.applied(gateway, command, user.actor(), headers.getHeaderString(CORRELATION_HEADER));
    }
}

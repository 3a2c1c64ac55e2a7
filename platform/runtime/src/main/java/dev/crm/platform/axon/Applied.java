package dev.crm.platform.axon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * What a command did: its handler's result and the events it applied, in order. A request answers from these
 * instead of reading the aggregate's stream again after the command.
 */
public record Applied(Object result, List<DomainEventMessage<?>> events) {

    private static final String EVENTS = Applied.class.getName() + ".events";

    /**
     * On the event store: notes each event a command's unit of work publishes. Axon runs dispatch interceptors when the
     * unit of work prepares its commit, after the handler returned, so the list fills before the gateway answers.
     */
    static MessageDispatchInterceptor<EventMessage<?>> recorder() {
        return messages -> {
            CurrentUnitOfWork.ifStarted(unitOfWork -> {
                List<DomainEventMessage<?>> events =
                        unitOfWork.root().getOrComputeResource(EVENTS, key -> new ArrayList<>());
                messages.stream()
                        .filter(DomainEventMessage.class::isInstance)
                        .forEach(message -> events.add((DomainEventMessage<?>) message));
            });
            return (index, message) -> message;
        };
    }

    /** On the command bus: the handler's result together with the events its unit of work noted. */
    static MessageHandlerInterceptor<CommandMessage<?>> wrapper() {
        return (unitOfWork, chain) -> {
            List<DomainEventMessage<?>> events =
                    unitOfWork.root().getOrComputeResource(EVENTS, key -> new ArrayList<>());
            Object result = chain.proceed();
            // filled by the recorder during the commit, which completes before the gateway returns this
            return new Applied(result, Collections.unmodifiableList(events));
        };
    }
}

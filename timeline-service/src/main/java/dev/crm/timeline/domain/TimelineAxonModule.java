package dev.crm.timeline.domain;

import dev.crm.platform.axon.AxonModule;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.config.Configurer;

@ApplicationScoped
public class TimelineAxonModule implements AxonModule {
    @Override
    public void configure(Configurer configurer) {
        configurer.configureAggregate(Activity.class);
        configurer.configureAggregate(Note.class);
        configurer.configureAggregate(UserNotifications.class);
    }
}

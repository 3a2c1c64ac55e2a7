package dev.crm.lead.domain;

import dev.crm.platform.axon.AxonModule;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.config.Configurer;

@ApplicationScoped
public class LeadAxonModule implements AxonModule {
    @Override
    public void configure(Configurer configurer) {
        configurer.configureAggregate(Lead.class);
    }
}

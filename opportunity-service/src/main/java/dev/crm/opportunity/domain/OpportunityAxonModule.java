package dev.crm.opportunity.domain;

import dev.crm.platform.axon.AxonModule;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.config.Configurer;

@ApplicationScoped
public class OpportunityAxonModule implements AxonModule {
    @Override
    public void configure(Configurer configurer) {
        configurer.configureAggregate(Opportunity.class);
    }
}

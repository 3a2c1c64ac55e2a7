package dev.crm.contactaccount.domain;

import dev.crm.platform.axon.AxonModule;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.config.Configurer;

@ApplicationScoped
public class ContactAccountAxonModule implements AxonModule {
    @Override
    public void configure(Configurer configurer) {
        configurer.configureAggregate(Contact.class);
        configurer.configureAggregate(Account.class);
    }
}

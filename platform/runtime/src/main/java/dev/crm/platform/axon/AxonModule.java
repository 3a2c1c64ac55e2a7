package dev.crm.platform.axon;

import org.axonframework.config.Configurer;

/**
 * A service's contribution to the Axon configuration (its aggregates, mostly). Every CDI bean implementing this is
 * applied once, before Axon starts.
 */
public interface AxonModule {
    void configure(Configurer configurer);
}

package dev.crm.platform.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * One database setting for both clients: the reactive URL (read models) is derived from the JDBC URL (event store,
 * Flyway) unless it is set itself, so {@code QUARKUS_DATASOURCE_JDBC_URL} alone points a service at its database.
 */
public class ReactiveDataSourceUrl implements ConfigSourceFactory {

    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue jdbc = context.getValue(JDBC_URL);
        if (jdbc == null || jdbc.getValue() == null || !jdbc.getValue().startsWith("jdbc:")) {
            return List.of();
        }
        // below application.properties (250) and the environment (300): an explicit reactive URL wins
        return List.of(new PropertiesConfigSource(
                Map.of(REACTIVE_URL, reactive(jdbc.getValue())), "crm-reactive-datasource-url", 100));
    }

    /** {@code jdbc:postgresql://host:port/db?params} to {@code postgresql://host:port/db?params}. */
    static String reactive(String jdbcUrl) {
        return jdbcUrl.substring("jdbc:".length());
    }
}

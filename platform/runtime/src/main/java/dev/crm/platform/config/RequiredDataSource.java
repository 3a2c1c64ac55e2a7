package dev.crm.platform.config;

import io.smallrye.config.ConfigMapping;

/**
 * Fails closed: the database settings have development values only in dev and test. Elsewhere the URL and the user
 * must come from the environment ({@code QUARKUS_DATASOURCE_JDBC_URL}, {@code QUARKUS_DATASOURCE_USERNAME}):
 * configuration fails before any connection is tried, naming the missing one. The password
 * ({@code QUARKUS_DATASOURCE_PASSWORD}) has no default either, but may be legitimately empty (trust or certificate
 * authentication), so it is PostgreSQL that refuses a connection without it.
 */
@ConfigMapping(prefix = "crm.required.datasource")
public interface RequiredDataSource {

    String jdbcUrl();

    String username();
}

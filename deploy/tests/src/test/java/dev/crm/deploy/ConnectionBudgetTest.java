package dev.crm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Every pod may open both its pools in full (a surge pod of each service too, during a rollout): their sum, PostgreSQL's
 * reserved connections and some for operators must fit the cluster's max_connections, or a rollout under load ends in
 * "too many clients" (53300) for whoever asks last.
 */
class ConnectionBudgetTest {

    /** Connections kept for operators (psql, backups, the operator's own checks). */
    static final int OPERATORS = 10;
    /** PostgreSQL's superuser_reserved_connections, which CloudNativePG leaves at its default. */
    static final int SUPERUSER_RESERVED = 3;

    static int need(int poolsOfAllServices, int replicas, int surge) {
        return poolsOfAllServices * (replicas + surge) + SUPERUSER_RESERVED + OPERATORS;
    }

    static int pools(String service) {
        Properties properties = Repository.applicationProperties(service);
        return Integer.parseInt(properties.getProperty("quarkus.datasource.jdbc.max-size"))
                + Integer.parseInt(properties.getProperty("quarkus.datasource.reactive.max-size"));
    }

    @Test
    void twoReplicasAndASurgePodOfEveryServiceFitTheClustersMaxConnections() {
        int pools = Repository.SERVICES.stream()
                .mapToInt(ConnectionBudgetTest::pools)
                .sum();
        JsonNode deployment =
                Repository.yaml("deploy/k8s/service/deployment.yaml").path("spec");
        int replicas = deployment.path("replicas").asInt();
        int surge = deployment
                .path("strategy")
                .path("rollingUpdate")
                .path("maxSurge")
                .asInt();
        int maxConnections =
                Integer.parseInt(Repository.yamlDocuments(Repository.path("deploy/k8s/postgres.yaml")).stream()
                        .filter(resource -> resource.path("kind").asText().equals("Cluster"))
                        .findFirst()
                        .orElseThrow()
                        .path("spec")
                        .path("postgresql")
                        .path("parameters")
                        .path("max_connections")
                        .asText());

        assertThat(replicas).isEqualTo(2);
        assertThat(surge).isEqualTo(1);
        assertThat(need(pools, replicas, surge))
                .as(
                        "%d pools x (%d replicas + %d surge) + %d reserved + %d operators",
                        pools, replicas, surge, SUPERUSER_RESERVED, OPERATORS)
                .isLessThanOrEqualTo(maxConnections);
    }

    @Test
    void theBudgetCountsEveryPodThatCanRunAtOnce() {
        assertThat(need(66, 2, 1)).isEqualTo(211);
        assertThat(need(66, 3, 1)).as("a third replica does not fit 250").isGreaterThan(250);
        assertThat(need(66, 1, 0))
                .as("one instance of each fits PostgreSQL's default of 100 (the local launcher)")
                .isLessThanOrEqualTo(100);
    }
}

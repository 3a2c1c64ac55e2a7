package dev.crm.platform.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Who this process is among the replicas of its service ({@code crm.instance.id}): Kafka client ids, the owner of an
 * import's lease, the Axon token claims. {@code CRM_INSTANCE_ID} sets it (Kubernetes: the pod name); otherwise it is
 * {@code <application>-<host>-<pid>}, unique on every machine and in every container, and never the bare application
 * name, which two replicas would share.
 */
public class InstanceIdentity implements ConfigSourceFactory {

    static final String INSTANCE_ID = "crm.instance.id";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue application = context.getValue("quarkus.application.name");
        String name = application == null || application.getValue() == null ? "crm" : application.getValue();
        // below application.properties (250) and the environment (300)
        return List.of(new PropertiesConfigSource(
                Map.of(
                        INSTANCE_ID,
                        defaultId(name, host(), ProcessHandle.current().pid())),
                "crm-instance-identity",
                100));
    }

    static String defaultId(String application, String host, long pid) {
        return application + "-" + host + "-" + pid;
    }

    /** The container's or machine's name, without a DNS lookup (which can stall a start for seconds). */
    static String host() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            String fromFile = Files.readString(Path.of("/etc/hostname")).strip();
            if (!fromFile.isEmpty()) {
                return fromFile;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no /etc/hostname (not Linux): the pid still tells instances on one machine apart
        }
        return "localhost";
    }
}

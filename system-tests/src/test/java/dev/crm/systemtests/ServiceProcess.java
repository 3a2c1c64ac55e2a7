package dev.crm.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One CRM service run as a real process, from the {@code target/quarkus-app} its module's build packaged, exactly as
 * it runs in production: {@code java -jar quarkus-run.jar}, configured through its environment only. Its output
 * goes to {@code target/system-tests/<service>-<n>.log} of the module running the tests (n counts the starts).
 *
 * <p>Start every service first ({@link #start}), then wait for each ({@link #awaitReady}): they boot in parallel.
 */
public final class ServiceProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** Each start in this JVM writes its own log (several test classes start the same service). */
    private static final java.util.concurrent.atomic.AtomicInteger LOG_COUNTER =
            new java.util.concurrent.atomic.AtomicInteger();

    private final String name;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final Process process;
    private final Thread killOnExit;
    private final ProcessBuilder builder;

    private ServiceProcess(
            String name, int port, int managementPort, Path log, Process process, ProcessBuilder builder) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
        this.builder = builder;
        // a test JVM that dies (or is killed by a timeout) must not leave services behind
        this.killOnExit = new Thread(process::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * The environment a service needs against the given test infrastructure ({@code CrmTestInfrastructure.start()}'s
     * map) and its own database.
     */
    public static Map<String, String> environment(Map<String, String> infrastructure, String jdbcUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", infrastructure.get("quarkus.datasource.username"));
        env.put("QUARKUS_DATASOURCE_PASSWORD", infrastructure.get("quarkus.datasource.password"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.get("kafka.bootstrap.servers"));
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", infrastructure.get("mp.jwt.verify.publickey.location"));
        env.put("MP_JWT_VERIFY_ISSUER", infrastructure.get("mp.jwt.verify.issuer"));
        return env;
    }

    /**
     * Starts the service of the sibling module {@code module} (e.g. {@code lead-service}) on a free port with
     * {@code environment} added to this JVM's; does not wait for it.
     */
    public static ServiceProcess start(String module, Map<String, String> environment) {
        Path moduleDir = Path.of("..", module).toAbsolutePath().normalize();
        Path jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + module + " first (run the system tests"
                    + " through the reactor, e.g. ./mvnw verify -pl system-tests -am)");
        }
        try {
            Path logDir = Path.of("target", "system-tests").toAbsolutePath();
            Files.createDirectories(logDir);
            Path log = logDir.resolve(module + "-" + LOG_COUNTER.incrementAndGet() + ".log");
            int port = freePort();
            int managementPort = freePort();
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString())
                    .directory(moduleDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Files.deleteIfExists(log);
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
            return new ServiceProcess(module, port, managementPort, log, builder.start(), builder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + module, e);
        }
    }

    /** Kills the process as {@code kill -9} does: no shutdown hook, no graceful close of its consumers. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " still runs after SIGKILL");
        }
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }

    /** Waits for the process to end by itself; its exit status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    name + " still runs after " + timeout.toSeconds() + " s; end of " + log + ":\n" + logTail(40));
        }
        Runtime.getRuntime().removeShutdownHook(killOnExit);
        return process.exitValue();
    }

    /** Starts the same service again (same port, environment and log); does not wait for it. */
    public ServiceProcess restart() {
        try {
            return new ServiceProcess(name, port, managementPort, log, builder.start(), builder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restart " + name, e);
        }
    }

    /**
     * Waits until {@code /q/health/ready} on the management port answers 200; fails with the end of the service's log
     * otherwise.
     */
    public ServiceProcess awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; "
                        + "end of " + log + ":\n" + logTail(60));
            }
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + READY_TIMEOUT.toSeconds() + " s (last: " + last
                + "); end of " + log + ":\n" + logTail(60));
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface: health, metrics, the OpenAPI document. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path log() {
        return log;
    }

    /** The last {@code lines} lines the service wrote. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /**
     * Stops the services: all are asked to shut down (SIGTERM, Quarkus' graceful shutdown) at once, then each gets
     * until the grace period ends before it is killed. Null entries (services never started) are skipped.
     */
    public static void stopAll(ServiceProcess... services) {
        List<ServiceProcess> running = new ArrayList<>();
        for (ServiceProcess service : services) {
            if (service != null) {
                service.process.destroy();
                running.add(service);
            }
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ServiceProcess service : running) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!service.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    System.err.println(
                            service.name + " did not stop within " + STOP_GRACE.toSeconds() + " s; killing it");
                    service.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                service.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(service.killOnExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

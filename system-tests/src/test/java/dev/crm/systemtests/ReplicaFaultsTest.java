package dev.crm.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault suite with two instances of every service (one started system for all of it): a {@code kill -9} of an
 * instance of each service in the middle of a stream of qualifications (F13), the broker stopped in the middle of one
 * (F2), an import whose instance is killed, and an import during which PostgreSQL drops every connection for 10 s
 * (F14). Each loses and doubles nothing, and prints its figures (how long after the fault the last effect showed).
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ReplicaFaultsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final List<String> MODULES =
            List.of("lead-service", "contact-account-service", "opportunity-service", "timeline-service");

    private static CrmSystem system;
    private static String alice;
    /** The instance of a module killed for good (F13 runs last and restarts none): requests go to the other. */
    private static final Map<String, Integer> DEAD = new HashMap<>();

    private static int alive(String module) {
        return DEAD.containsKey(module) ? 3 - DEAD.get(module) : 1;
    }

    @BeforeAll
    static void startTheSystem() {
        // short import leases: an import of a killed instance is taken over within seconds
        system = CrmSystem.startReplicated(
                Map.of("lead-service", Map.of("CRM_IMPORT_LEASE", "10s", "CRM_IMPORT_LEASE_CHECK", "1s")));
        alice = TestTokens.salesperson("alice");
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    /**
     * F13: each service in turn loses one of its two instances to SIGKILL while qualifications stream in. Runs last:
     * the killed instances stay down, and later rounds use the survivors.
     */
    @Test
    @org.junit.jupiter.api.Order(5)
    void killingAnInstanceOfAnyServiceMidStreamLosesAndDoublesNothing() throws Exception {
        for (int round = 0; round < MODULES.size(); round++) {
            String module = MODULES.get(round);
            int victim = 1 + round % 2;
            int survivor = 3 - victim;
            Stream stream = new Stream(
                    module.equals("lead-service") || DEAD.containsKey("lead-service")
                            ? List.of(module.equals("lead-service") ? survivor : alive("lead-service"))
                            : List.of(1, 2));
            List<String> leads = stream.createLeads(30);
            Instant killed = stream.qualify(leads, 5, Duration.ofSeconds(3), () -> {
                try {
                    system.instance(module, victim).killHard();
                    DEAD.put(module, victim);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            double lastEffect = stream.awaitEffects(killed);
            stream.assertNothingTwice();
            System.out.printf(
                    Locale.ROOT,
                    "F13 kill -9 of %s-%d: %d qualifications, all effects on the survivor, the last %.1f s after the"
                            + " kill; lost 0, doubled 0%n",
                    module,
                    victim,
                    stream.qualified.size(),
                    lastEffect);
        }
    }

    /**
     * Read-your-writes whichever instance projects the record's partition: every create through either instance
     * answers once the lists show it (none after the wait's timeout), and the list of the instance asked shows it.
     */
    @Test
    @org.junit.jupiter.api.Order(1)
    void readYourWritesHoldsWhicheverInstanceProjectsTheRecord() {
        // a freshly started system's first writes may outlast the wait while its classes load: not counted
        new Stream(List.of(1, 2)).createLeads(10);
        Map<Integer, Double> timeoutsBefore = new HashMap<>();
        Map<Integer, Double> shownBefore = new HashMap<>();
        for (int k = 1; k <= 2; k++) {
            timeoutsBefore.put(k, readYourWrites(k, "timeout"));
            shownBefore.put(k, readYourWrites(k, "shown"));
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        int creates = 20;
        for (int i = 0; i < creates; i++) {
            int k = 1 + i % 2;
            String lastName = "Ryw" + run + "x" + i;
            as(system.instance("lead-service", k))
                    .body("{\"topic\":\"read your writes\",\"lastName\":\"" + lastName + "\"}")
                    .post("/api/v1/leads")
                    .then()
                    .statusCode(201);
            assertThat(as(system.instance("lead-service", k))
                            .get("/api/v1/leads?view=all&q=" + lastName)
                            .<List<String>>path("items.lastName"))
                    .as("the list of the instance that answered, right after the answer")
                    .contains(lastName);
        }
        double shown = 0;
        for (int k = 1; k <= 2; k++) {
            assertThat(readYourWrites(k, "timeout") - timeoutsBefore.get(k))
                    .as("answers of lead-service-%d that waited out the timeout", k)
                    .isZero();
            shown += readYourWrites(k, "shown") - shownBefore.get(k);
        }
        assertThat(shown).isEqualTo(creates);
    }

    /** crm_read_your_writes_total{outcome} of lead-service instance k. */
    private static double readYourWrites(int k, String outcome) {
        String prefix = "crm_read_your_writes_total{outcome=\"" + outcome + "\"";
        return given().baseUri(system.instance("lead-service", k).managementUrl())
                .get("/q/metrics")
                .asString()
                .lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** F2: the broker stops for 10 s while leads are created and qualified; everything arrives once it is back. */
    @Test
    @org.junit.jupiter.api.Order(2)
    void aBrokerStoppedMidStreamLosesAndDoublesNothing() throws Exception {
        Stream stream = new Stream(List.of(1, 2));
        List<String> leads = stream.createLeads(30);
        Instant restarted;
        KafkaTopics.stopBroker();
        try {
            stream.qualify(leads, 3, Duration.ZERO, () -> {});
        } finally {
            KafkaTopics.startBroker();
            restarted = Instant.now();
        }
        double lastEffect = stream.awaitEffects(restarted);
        stream.assertNothingTwice();
        System.out.printf(
                Locale.ROOT,
                "F2 broker stopped for the %d qualifications (all answered 200): every effect %.1f s after it"
                        + " returned; lost 0, doubled 0%n",
                stream.qualified.size(),
                lastEffect);
    }

    /** An import survives the death of its instance: another takes it over and no row is imported twice. */
    @Test
    @org.junit.jupiter.api.Order(4)
    void anImportSurvivesTheDeathOfItsInstance() throws Exception {
        int rows = 3_000;
        long before = leadsCreated();
        String id = upload(1, rows);
        awaitRowsRead(2, id, 500);
        Instant killed = Instant.now();
        int readWhenKilled = rowsRead(2, id);
        system.instance("lead-service", 1).killHard();
        try {
            Response done = awaitFinished(2, id);
            double took = seconds(killed);
            assertThat(done.<String>path("state")).isEqualTo("COMPLETED");
            assertThat(done.<Integer>path("rowsRead")).isEqualTo(rows);
            assertThat(done.<Integer>path("created")).isEqualTo(rows);
            assertThat(leadsCreated() - before).as("each row made one lead").isEqualTo(rows);
            System.out.printf(
                    Locale.ROOT,
                    "import of %d rows, its instance killed after %d rows: completed by the other %.1f s after the"
                            + " kill; %d leads, none twice%n",
                    rows,
                    readWhenKilled,
                    took,
                    rows);
        } finally {
            system.replace("lead-service", 1, system.instance("lead-service", 1).restart());
            system.instance("lead-service", 1).awaitReady();
        }
    }

    /** F14: PostgreSQL drops every connection of lead-service for 10 s during an import (a restart, as seen). */
    @Test
    @org.junit.jupiter.api.Order(3)
    void anImportOutlivesADatabaseRestart() throws Exception {
        int rows = 3_000;
        long before = leadsCreated();
        String id = upload(2, rows);
        awaitRowsRead(2, id, 500);
        Instant cut = Instant.now();
        system.cutDatabase("lead-service");
        try {
            // the outage: 10 s without the database, whatever the import does meanwhile
            await().pollDelay(Duration.ofSeconds(10))
                    .atMost(Duration.ofSeconds(11))
                    .until(() -> true);
        } finally {
            system.restoreDatabase("lead-service");
        }
        Response done = awaitFinished(1, id);
        assertThat(done.<String>path("state")).isEqualTo("COMPLETED");
        assertThat(done.<Integer>path("created")).isEqualTo(rows);
        assertThat(leadsCreated() - before).as("each row made one lead").isEqualTo(rows);
        System.out.printf(
                Locale.ROOT,
                "F14 import of %d rows, PostgreSQL away for 10 s: completed %.1f s after the outage began; %d leads,"
                        + " none twice%n",
                rows,
                seconds(cut),
                rows);
    }

    // --- streams of qualifications --------------------------------------------------------------------------------

    /** Leads created and qualified through the given lead-service instances, and what the qualifications answered. */
    private static final class Stream {
        private final List<Integer> leadInstances;
        private final List<Map<String, String>> qualified = new ArrayList<>();
        private final String run = UUID.randomUUID().toString().substring(0, 8);

        Stream(List<Integer> leadInstances) {
            this.leadInstances = leadInstances;
        }

        private ServiceProcess lead(int n) {
            return system.instance("lead-service", leadInstances.get(n % leadInstances.size()));
        }

        List<String> createLeads(int count) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(as(lead(i))
                        .body("{\"topic\":\"replica " + run + " " + i + "\",\"lastName\":\"Replica" + run + "x" + i
                                + "\",\"companyName\":\"Replica " + run + " " + i + " Ltd\"}")
                        .post("/api/v1/leads")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
            }
            return ids;
        }

        /**
         * Qualifies the leads at {@code perSecond}, running {@code fault} once {@code faultAfter} has passed; every
         * qualification must answer 200 (the instances it goes to are alive). Answers when the fault ran.
         */
        Instant qualify(List<String> leads, int perSecond, Duration faultAfter, Runnable fault) throws Exception {
            ExecutorService senders = Executors.newFixedThreadPool(4);
            try {
                long start = System.nanoTime();
                Instant faulted = null;
                List<CompletableFuture<Map<String, String>>> answers = new ArrayList<>();
                for (int i = 0; i < leads.size(); i++) {
                    long due = start + Duration.ofMillis(1000L * i / perSecond).toNanos();
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                    if (faulted == null && System.nanoTime() - start >= faultAfter.toNanos()) {
                        fault.run();
                        faulted = Instant.now();
                    }
                    String lead = leads.get(i);
                    ServiceProcess instance = lead(i);
                    answers.add(CompletableFuture.supplyAsync(
                            () -> {
                                Response answer = as(instance).body("{}").post("/api/v1/leads/" + lead + "/qualify");
                                assertThat(answer.statusCode())
                                        .as("qualify %s: %s", lead, answer.asString())
                                        .isEqualTo(200);
                                return Map.of(
                                        "lead", lead,
                                        "contact", answer.<String>path("contactId"),
                                        "account", answer.<String>path("accountId"),
                                        "opportunity", answer.<String>path("opportunityId"));
                            },
                            senders));
                }
                for (CompletableFuture<Map<String, String>> answer : answers) {
                    qualified.add(answer.get());
                }
                return faulted == null ? Instant.now() : faulted;
            } finally {
                senders.shutdownNow();
            }
        }

        /**
         * Waits until every qualification's effects show: the contact, account and opportunity, and the qualification
         * on the lead's timeline, each read on a live instance of its service, all polled at once. Answers how many
         * seconds after {@code since} the last one showed.
         */
        double awaitEffects(Instant since) throws Exception {
            Map<String, Function<Map<String, String>, String>> paths = new HashMap<>();
            paths.put("lead-service", q -> "/api/v1/leads/" + q.get("lead"));
            paths.put("contact-account-service", q -> "/api/v1/contacts/" + q.get("contact"));
            paths.put("opportunity-service", q -> "/api/v1/opportunities/" + q.get("opportunity"));
            paths.put("timeline-service", q -> "/api/v1/timeline/lead/" + q.get("lead") + "?kind=EVENT&size=50");
            paths.put("account", q -> "/api/v1/accounts/" + q.get("account"));
            ExecutorService pollers = Executors.newFixedThreadPool(8);
            try {
                List<CompletableFuture<Instant>> seen = new ArrayList<>();
                for (Map<String, String> q : qualified) {
                    for (String effect : paths.keySet()) {
                        String module = effect.equals("account") ? "contact-account-service" : effect;
                        ServiceProcess instance = system.instance(module, alive(module));
                        String path = paths.get(effect).apply(q);
                        seen.add(CompletableFuture.supplyAsync(
                                () -> {
                                    await().atMost(PATIENCE)
                                            .pollInterval(Duration.ofMillis(100))
                                            .until(() -> {
                                                Response r = as(instance).get(path);
                                                return r.statusCode() == 200
                                                        && (!module.equals("timeline-service")
                                                                || r.<List<String>>path("items.eventType")
                                                                        .contains("crm.lead.qualified.v1"));
                                            });
                                    return Instant.now();
                                },
                                pollers));
                    }
                }
                Instant last = since;
                for (CompletableFuture<Instant> effect : seen) {
                    Instant at = effect.get();
                    last = at.isAfter(last) ? at : last;
                }
                return Duration.between(since, last).toMillis() / 1000.0;
            } finally {
                pollers.shutdownNow();
            }
        }

        /** Every record the qualifications made or changed is on its topic once per event id, created once. */
        void assertNothingTwice() {
            check(Topics.LEAD, "lead", "crm.lead.qualified.v1");
            check(Topics.CONTACT, "contact", "crm.contact.created.v1");
            check(Topics.ACCOUNT, "account", "crm.account.created.v1");
            check(Topics.OPPORTUNITY, "opportunity", "crm.opportunity.created.v1");
        }

        private void check(String topic, String key, String once) {
            Set<String> subjects = qualified.stream().map(q -> q.get(key)).collect(Collectors.toSet());
            List<ConsumerRecord<String, byte[]>> records = KafkaTopics.readAll(topic, r -> subjects.contains(r.key()));
            List<String> ids = records.stream()
                    .filter(r -> KafkaTopics.header(r, CloudEventHeaders.REPAIR) == null)
                    .map(r -> KafkaTopics.header(r, CloudEventHeaders.ID))
                    .toList();
            assertThat(ids).as("records on %s", topic).doesNotHaveDuplicates();
            Map<String, Long> made = records.stream()
                    .filter(r -> once.equals(KafkaTopics.header(r, CloudEventHeaders.TYPE)))
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(made.keySet()).as("%s for every record", once).isEqualTo(subjects);
            assertThat(new HashSet<>(made.values()))
                    .as("%s once per record", once)
                    .containsExactly(1L);
        }
    }

    // --- imports
    // ------------------------------------------------------------------------------------------------------

    private static String upload(int instance, int rows) throws Exception {
        StringBuilder csv = new StringBuilder("Topic,Last Name\n");
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < rows; i++) {
            csv.append("Import ").append(run).append(' ').append(i).append(",Rows\n");
        }
        Path file = Files.writeString(Files.createTempFile("replica-import", ".csv"), csv);
        try {
            return given().baseUri(system.instance("lead-service", instance).baseUrl())
                    .header("Authorization", "Bearer " + alice)
                    .multiPart("file", file.toFile(), "text/csv")
                    .post("/api/v1/lead-imports")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void awaitRowsRead(int instance, String id, int rows) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> rowsRead(instance, id) >= rows);
    }

    private static int rowsRead(int instance, String id) {
        return as(system.instance("lead-service", instance))
                .get("/api/v1/lead-imports/" + id)
                .<Integer>path("rowsRead");
    }

    private static Response awaitFinished(int instance, String id) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> !as(system.instance("lead-service", instance))
                        .get("/api/v1/lead-imports/" + id)
                        .<String>path("state")
                        .equals("RUNNING"));
        return as(system.instance("lead-service", instance)).get("/api/v1/lead-imports/" + id);
    }

    /** LeadCreated events in lead-service's event store. */
    private static long leadsCreated() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        system.database("lead-service"),
                        system.settings().get("quarkus.datasource.username"),
                        system.settings().get("quarkus.datasource.password"));
                Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery(
                        "select count(*) from domainevententry where payloadtype like '%.LeadCreated'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static RequestSpecification as(ServiceProcess service) {
        return given().baseUri(service.baseUrl())
                .header("Authorization", "Bearer " + alice)
                .contentType(ContentType.JSON);
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}

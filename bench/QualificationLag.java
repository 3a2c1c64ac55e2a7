import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Qualification lag across services, for bench/qualification-lag. Compiled together with {@link OpenLoad} (whose
 * phase output, CPU accounting and relay-lag scrapes it reuses) and run with kafka-clients on the class path.
 *
 * <ol>
 *   <li>Creates the leads first (not timed), each with a unique person and company name, so that every
 *       qualification passes the duplicate check and creates a contact and an account.</li>
 *   <li>Qualifies them under an open-model load: a warm-up, then the measured phase; qualification i is due at
 *       start + i/rate whatever the answers (latency from the scheduled start, as in OpenLoad).</li>
 *   <li>Reads crm.lead.v1, crm.contact.v1 and crm.account.v1 from the end offsets taken just before the measured
 *       phase (assign + seek, no consumer group) and joins, per measured lead, LeadQualified (ce_time, and the
 *       contactId/accountId of its value) with ContactCreated and AccountCreated (their ce_time). The lag is the later
 *       of the two created times minus the qualified time; a qualification without both within the bound is an
 *       error.</li>
 *   <li>Cross-checks "visible" on a sample: for every n-th measured qualification answered 200, polls GET
 *       /contacts/{id} and /accounts/{id} every few ms from the moment the answer arrived until both answer 200
 *       (at most the bound).</li>
 * </ol>
 *
 * <p>Usage: {@code QualificationLag --lead-url URL --contact-account-url URL --bootstrap HOST:PORT [--rate 50]
 * [--warmup-s 10] [--seconds 30] [--bound-s 30] [--sample-every 10] [--poll-ms 5] [--timeout-s 10]
 * [--max-active-samples 5] [--max-outstanding 1000] [--create-concurrency 16] [--quiet-wait-s 0] [--clk-tck 100]
 * [--aim-p99-ms 250]
 * [--pid name=pid]... [--note TEXT]...}. The bearer token comes from the environment variable BENCH_TOKEN.
 */
public class QualificationLag {

    static final String LEAD_TOPIC = "crm.lead.v1";
    static final String CONTACT_TOPIC = "crm.contact.v1";
    static final String ACCOUNT_TOPIC = "crm.account.v1";
    static final String OPPORTUNITY_TOPIC = "crm.opportunity.v1";
    static final String QUALIFIED = "crm.lead.qualified.v1";
    static final String CONTACT_CREATED = "crm.contact.created.v1";
    static final String ACCOUNT_CREATED = "crm.account.created.v1";
    static final String OPPORTUNITY_CREATED = "crm.opportunity.created.v1";
    static final ObjectMapper JSON = new ObjectMapper();
    static final int WINDOW_SECONDS = 5;

    /** LeadQualified as read from crm.lead.v1: its ce_time, the Kafka record timestamp and the ids it names. */
    record Qualified(Instant time, long recordTimestampMs, String contactId, boolean newContact, String accountId,
                     boolean newAccount, String opportunityId) {
    }

    /** ContactCreated, AccountCreated or OpportunityCreated: its ce_time. */
    record Created(Instant time, String type) {
    }

    /** One qualification request of a phase; written by the HTTP callback, read after the phase drained. */
    static final class Slot {
        final String leadId;
        volatile int status; // 0 not sent or unfinished, >0 HTTP status, -1 timeout, -2 I/O error
        volatile long latencyNanos;
        volatile String answerContactId;
        volatile String answerAccountId;
        volatile boolean sent;

        Slot(String leadId) {
            this.leadId = leadId;
        }
    }

    /** A REST-visibility sample: from the qualify answer to both GETs answering 200. */
    static final class Sample {
        final String leadId;
        final String contactId;
        final String accountId;
        final long answeredNanos;
        volatile long visibleNanos; // 0 until both visible
        volatile Instant visibleAt;
        volatile String error;
        volatile boolean visibleAtFirstPoll;

        Sample(String leadId, String contactId, String accountId, long answeredNanos) {
            this.leadId = leadId;
            this.contactId = contactId;
            this.accountId = accountId;
            this.answeredNanos = answeredNanos;
        }
    }

    final OpenLoad leadService;     // CPU accounting and lead-service relay-lag scrapes
    final OpenLoad contactAccount;  // contact-account-service relay-lag scrapes
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final String leadUrl;
    final String contactAccountUrl;
    final String bootstrap;
    final String token;
    final int rate, warmupSeconds, seconds, boundSeconds, sampleEvery, pollMs, createConcurrency, quietWaitSeconds;
    final int aimP99Ms;
    final Duration timeout;
    final int maxOutstanding;
    final ExecutorService samplers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rest-sample");
        t.setDaemon(true);
        return t;
    });
    final List<Sample> samples = new ArrayList<>();
    final List<Double> getRoundTripsMs = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger activeSamples = new AtomicInteger();
    final AtomicInteger skippedSamples = new AtomicInteger();
    final int maxActiveSamples;

    QualificationLag(Map<String, String> opts, Map<String, Long> pids, String token) {
        this.leadUrl = OpenLoad.required(opts, "lead-url");
        this.contactAccountUrl = OpenLoad.required(opts, "contact-account-url");
        this.bootstrap = OpenLoad.required(opts, "bootstrap");
        this.token = token;
        this.rate = OpenLoad.bounded(opts.getOrDefault("rate", "50"), 1, 2_000, "rate");
        this.warmupSeconds = OpenLoad.bounded(opts.getOrDefault("warmup-s", "10"), 0, 600, "warmup-s");
        this.seconds = OpenLoad.bounded(opts.getOrDefault("seconds", "30"), 1, 600, "seconds");
        this.boundSeconds = OpenLoad.bounded(opts.getOrDefault("bound-s", "30"), 1, 300, "bound-s");
        this.sampleEvery = OpenLoad.bounded(opts.getOrDefault("sample-every", "10"), 1, 100_000, "sample-every");
        this.pollMs = OpenLoad.bounded(opts.getOrDefault("poll-ms", "5"), 1, 1_000, "poll-ms");
        this.maxActiveSamples = OpenLoad.bounded(opts.getOrDefault("max-active-samples", "5"), 1, 1_000,
                "max-active-samples");
        this.createConcurrency = OpenLoad.bounded(opts.getOrDefault("create-concurrency", "16"), 1, 256,
                "create-concurrency");
        this.quietWaitSeconds = OpenLoad.bounded(opts.getOrDefault("quiet-wait-s", "0"), 0, 3_600, "quiet-wait-s");
        this.aimP99Ms = OpenLoad.bounded(opts.getOrDefault("aim-p99-ms", "250"), 1, 60_000, "aim-p99-ms");
        Map<String, String> load = new HashMap<>(opts);
        load.put("url", leadUrl + "/api/v1/leads");
        load.put("metrics", OpenLoad.required(opts, "lead-metrics"));
        load.put("body", "{}");
        this.leadService = new OpenLoad(load, pids, token);
        load.put("metrics", OpenLoad.required(opts, "contact-account-metrics"));
        this.contactAccount = new OpenLoad(load, Map.of(), token);
        this.timeout = leadService.timeout;
        this.maxOutstanding = leadService.maxOutstanding;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        Map<String, Long> pids = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
            }
            String name = args[i].substring(2), value = args[i + 1];
            switch (name) {
                case "pid" -> {
                    String[] kv = value.split("=", 2);
                    pids.put(kv[0], Long.parseLong(kv[1]));
                }
                case "note" -> notes.add(value);
                default -> opts.put(name, value);
            }
        }
        String token = System.getenv("BENCH_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("set BENCH_TOKEN to a bearer token");
        }
        QualificationLag bench = new QualificationLag(opts, pids, token);
        bench.run(notes);
        System.exit(0); // HTTP client and sampler threads must not keep the JVM alive
    }

    void run(List<String> notes) throws Exception {
        int warmupCount = rate * warmupSeconds, measuredCount = rate * seconds;
        String runId = Long.toString(System.currentTimeMillis(), 36);
        System.out.printf(Locale.ROOT, "==> creating %d leads (not timed; run %s: unique person and company names)%n",
                warmupCount + measuredCount, runId);
        List<String> leads = createLeads(runId, warmupCount + measuredCount);
        waitForQuiet();

        System.out.printf(Locale.ROOT, "==> POST %s/api/v1/leads/{id}/qualify, open model, max %d outstanding, "
                + "timeout %d s, latency from each request's scheduled start%n", leadUrl, maxOutstanding,
                timeout.toSeconds());
        if (warmupCount > 0) {
            OpenLoad.print(qualify(new OpenLoad.Phase(false, rate, warmupSeconds), leads.subList(0, warmupCount),
                    null, null).result);
        }
        List<String> others = otherBenchmarks();
        EventLog events = new EventLog(bootstrap);
        OpenLoad.Scrape leadBefore = leadService.scrape(), contactAccountBefore = contactAccount.scrape();
        String loadBefore = loadAverage();
        Phase measured = qualify(new OpenLoad.Phase(true, rate, seconds),
                leads.subList(warmupCount, warmupCount + measuredCount), events, leadBefore);
        String loadAtEnd = loadAverage();
        otherBenchmarks().stream().filter(o -> !others.contains(o)).forEach(others::add);
        OpenLoad.print(measured.result);

        System.out.printf(Locale.ROOT, "==> waiting (at most %d s) for every measured qualification's contact and "
                + "account on %s / %s%n", boundSeconds, CONTACT_TOPIC, ACCOUNT_TOPIC);
        long waitStart = System.nanoTime(), deadline = waitStart + TimeUnit.SECONDS.toNanos(boundSeconds);
        while (System.nanoTime() < deadline && !settled(measured.slots, events)) {
            Thread.sleep(50);
        }
        samplers.shutdown();
        samplers.awaitTermination(boundSeconds + 5L, TimeUnit.SECONDS);
        events.finish();
        System.out.printf(Locale.ROOT, "  waited %.1f s; read %d records from the three topics%n",
                (System.nanoTime() - waitStart) / 1e9, events.records.get());
        OpenLoad.RelayLag leadRelay = measured.result.relay();
        OpenLoad.RelayLag contactAccountRelay = OpenLoad.relayLag(contactAccountBefore, contactAccount.settledScrape());
        summary(notes, measured, events, leadRelay, contactAccountRelay, loadBefore, loadAtEnd, others);
    }

    // --- leads -------------------------------------------------------------------------------------------------

    List<String> createLeads(String runId, int count) throws Exception {
        String[] ids = new String[count];
        Semaphore permits = new Semaphore(createConcurrency);
        AtomicReference<String> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < count && failure.get() == null; i++) {
            final int n = i;
            // digits survive the duplicate check's normal form (Names.normalise), so every name is distinct
            String body = String.format(Locale.ROOT, "{\"topic\":\"Qualification lag bench\",\"firstName\":\"Q%s\","
                    + "\"lastName\":\"Lag%d\",\"companyName\":\"Bench %s %d Ltd\"}", runId, n, runId, n);
            permits.acquire();
            client.sendAsync(post(URI.create(leadUrl + "/api/v1/leads"), body), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        if (error != null || response.statusCode() != 201) {
                            failure.compareAndSet(null, "lead " + n + ": " + (error != null ? error
                                    : response.statusCode() + " " + response.body()));
                        } else {
                            ids[n] = text(response.body(), "id");
                        }
                        permits.release();
                    });
        }
        if (!permits.tryAcquire(createConcurrency, timeout.toSeconds() + 10, TimeUnit.SECONDS)) {
            failure.compareAndSet(null, "lead creation did not finish");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("creating the leads failed: " + failure.get());
        }
        System.out.printf(Locale.ROOT, "  created %d leads in %.1f s (%d in parallel)%n", count,
                (System.nanoTime() - start) / 1e9, createConcurrency);
        return Arrays.asList(ids);
    }

    /** Reports how busy the machine is (the services settling after the creates included); waits if asked to. */
    void waitForQuiet() throws InterruptedException {
        double busy;
        long waited = 0;
        while (true) {
            Map<String, Long> before = leadService.cpuTicks();
            Thread.sleep(3000);
            waited += 3;
            busy = leadService.cpuPercent(before, leadService.cpuTicks(), 3).get("machine busy");
            if (busy < 30 || waited >= quietWaitSeconds) {
                break;
            }
        }
        System.out.printf(Locale.ROOT, "  machine busy before the qualifications: %.0f%% of one core (%d cores = %d%%),"
                + " after %d s%s%n", busy, cores(), 100 * cores(), waited, busy < 30 ? ""
                : "   WARNING: still busy (the services digesting the creates, or something else)");
    }

    // --- the open-model qualification load ---------------------------------------------------------------------

    record Phase(OpenLoad.Result result, List<Slot> slots) {
    }

    /**
     * Qualifies the leads on a fixed schedule. For the measured phase ({@code events} given) it starts the topic
     * reader first, starts a REST sample on every n-th 200 answer and scrapes lead-service's relay lag after it.
     */
    Phase qualify(OpenLoad.Phase phase, List<String> leadIds, EventLog events, OpenLoad.Scrape relayBefore)
            throws Exception {
        List<Slot> slots = leadIds.stream().map(Slot::new).toList();
        AtomicInteger outstanding = new AtomicInteger();
        AtomicLong lastCompletion = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        if (events != null) {
            events.start();
        }
        Map<String, Long> cpuBefore = leadService.cpuTicks();
        long start = System.nanoTime() + 5_000_000L;
        double periodNanos = 1e9 / phase.rate();
        long dropped = 0;
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            long due = start + Math.round(i * periodNanos);
            for (long now; (now = System.nanoTime()) < due; ) {
                LockSupport.parkNanos(due - now);
            }
            if (outstanding.get() >= maxOutstanding) {
                dropped++;
                continue;
            }
            boolean sampled = events != null && i % sampleEvery == 0;
            slot.sent = true;
            outstanding.incrementAndGet();
            client.sendAsync(post(URI.create(leadUrl + "/api/v1/leads/" + slot.leadId + "/qualify"), "{}"),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                long done = System.nanoTime();
                slot.latencyNanos = done - due;
                if (error == null) {
                    if (response.statusCode() == 200) {
                        slot.answerContactId = text(response.body(), "contactId");
                        slot.answerAccountId = text(response.body(), "accountId");
                        if (sampled) {
                            startSample(new Sample(slot.leadId, slot.answerContactId, slot.answerAccountId, done));
                        }
                    }
                    slot.status = response.statusCode();
                } else {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    slot.status = cause instanceof HttpTimeoutException ? -1 : -2;
                    firstError.compareAndSet(null, cause.toString());
                }
                lastCompletion.accumulateAndGet(done, Math::max);
                outstanding.decrementAndGet();
            });
        }
        long drainDeadline = System.nanoTime() + timeout.toNanos() + 10_000_000_000L;
        while (outstanding.get() > 0 && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        long unfinished = outstanding.get();
        Map<String, Double> cpu = leadService.cpuPercent(cpuBefore, leadService.cpuTicks(),
                (System.nanoTime() - start) / 1e9);

        long ok = 0, timeouts = 0, ioErrors = 0, sent = 0;
        Map<Integer, Long> non2xx = new TreeMap<>();
        List<Long> latencies = new ArrayList<>();
        for (Slot s : slots) {
            if (s.status == 0) {
                continue;
            }
            sent++;
            latencies.add(s.latencyNanos);
            if (s.status / 100 == 2) {
                ok++;
            } else if (s.status == -1) {
                timeouts++;
            } else if (s.status == -2) {
                ioErrors++;
            } else {
                non2xx.merge(s.status, 1L, Long::sum);
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double achieved = ok / ((Math.max(lastCompletion.get(), start + 1) - start) / 1e9);
        OpenLoad.RelayLag relay = relayBefore == null ? null
                : OpenLoad.relayLag(relayBefore, leadService.settledScrape());
        return new Phase(new OpenLoad.Result(phase, sent + unfinished, ok, dropped, timeouts, ioErrors, unfinished,
                non2xx, sorted, achieved, firstError.get(), relay, cpu), slots);
    }

    /** True once every measured qualification that may have committed has its contact and account on Kafka. */
    static boolean settled(List<Slot> slots, EventLog events) {
        for (Slot s : slots) {
            boolean refused = s.status > 0 && s.status / 100 != 2; // a refused qualify commits nothing
            if (s.sent && !refused && events.lag(s.leadId) == null) {
                return false;
            }
        }
        return true;
    }

    // --- REST visibility sample -----------------------------------------------------------------------------

    /**
     * Starts polling for the sample unless maxActiveSamples are polling already: the GETs load contact-account-service
     * in proportion to the lag, and uncapped they would slow the very chain they observe once it falls behind.
     */
    void startSample(Sample sample) {
        if (activeSamples.incrementAndGet() > maxActiveSamples) {
            activeSamples.decrementAndGet();
            skippedSamples.incrementAndGet();
            return;
        }
        synchronized (samples) {
            samples.add(sample);
        }
        samplers.execute(() -> {
            try {
                pollUntilVisible(sample);
            } finally {
                activeSamples.decrementAndGet();
            }
        });
    }

    /** GETs the contact and the account every pollMs until both answer 200; bounded by the bound. */
    void pollUntilVisible(Sample s) {
        long deadline = s.answeredNanos + TimeUnit.SECONDS.toNanos(boundSeconds);
        long[] seenNanos = new long[2];
        Instant[] seenAt = new Instant[2];
        String[] paths = {"/api/v1/contacts/" + s.contactId, "/api/v1/accounts/" + s.accountId};
        try {
            for (int round = 1; System.nanoTime() < deadline; round++) {
                List<CompletableFuture<Void>> gets = new ArrayList<>();
                for (int k = 0; k < 2; k++) {
                    if (seenAt[k] != null) {
                        continue;
                    }
                    final int which = k;
                    HttpRequest get = HttpRequest.newBuilder(URI.create(contactAccountUrl + paths[k])).timeout(timeout)
                            .header("Authorization", "Bearer " + token).GET().build();
                    long sentNanos = System.nanoTime();
                    gets.add(client.sendAsync(get, HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
                        getRoundTripsMs.add((System.nanoTime() - sentNanos) / 1e6);
                        if (r.statusCode() == 200) {
                            seenNanos[which] = System.nanoTime();
                            seenAt[which] = Instant.now();
                        } else if (r.statusCode() != 404) {
                            s.error = "GET " + paths[which] + " answered " + r.statusCode();
                        }
                    }));
                }
                CompletableFuture.allOf(gets.toArray(CompletableFuture[]::new)).join();
                if (s.error != null) {
                    return;
                }
                if (seenAt[0] != null && seenAt[1] != null) {
                    boolean contactLater = seenNanos[0] >= seenNanos[1];
                    s.visibleAt = contactLater ? seenAt[0] : seenAt[1];
                    s.visibleNanos = Math.max(seenNanos[0], seenNanos[1]);
                    s.visibleAtFirstPoll = round == 1;
                    return;
                }
                Thread.sleep(pollMs);
            }
            s.error = "not visible within " + boundSeconds + " s";
        } catch (Exception e) {
            s.error = e.toString();
        }
    }

    // --- the three topics -----------------------------------------------------------------------------------

    /** Reads the three topics from their end offsets at construction; keeps what the lag join needs. */
    static final class EventLog implements Runnable {
        final KafkaConsumer<byte[], byte[]> consumer;
        final Map<String, Qualified> qualified = new ConcurrentHashMap<>();
        final Map<String, Created> created = new ConcurrentHashMap<>();
        final AtomicLong records = new AtomicLong();
        final Thread thread = new Thread(this, "topic-reader");
        volatile boolean finishing;
        volatile String failure;

        EventLog(String bootstrap) {
            Properties config = new Properties();
            config.put("bootstrap.servers", bootstrap);
            config.put("client.id", "bench-qualification-lag");
            config.put("enable.auto.commit", "false");
            config.put("isolation.level", "read_committed");
            consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(LEAD_TOPIC, CONTACT_TOPIC, ACCOUNT_TOPIC, OPPORTUNITY_TOPIC)) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.endOffsets(partitions, Duration.ofSeconds(10)).forEach(consumer::seek);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            try {
                while (!finishing) {
                    consumer.poll(Duration.ofMillis(200)).forEach(this::accept);
                }
                // catch up with what is on the topics now (bounded), then stop
                Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < deadline
                        && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                    consumer.poll(Duration.ofMillis(200)).forEach(this::accept);
                }
            } catch (WakeupException e) {
                // finish() gave up waiting
            } catch (RuntimeException e) {
                failure = e.toString();
            } finally {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            }
        }

        void accept(ConsumerRecord<byte[], byte[]> r) {
            records.incrementAndGet();
            String type = header(r, "ce_type"), subject = header(r, "ce_subject"), time = header(r, "ce_time");
            if (type == null || subject == null || time == null) {
                return;
            }
            switch (type) {
                case QUALIFIED -> {
                    try {
                        JsonNode v = JSON.readTree(r.value());
                        qualified.put(subject, new Qualified(Instant.parse(time), r.timestamp(),
                                v.path("contactId").asText(null), v.path("newContact").asBoolean(),
                                v.path("accountId").asText(null), v.path("newAccount").asBoolean(),
                                v.path("opportunityId").asText(null)));
                    } catch (Exception e) {
                        failure = "unreadable LeadQualified " + subject + ": " + e;
                    }
                }
                case CONTACT_CREATED, ACCOUNT_CREATED, OPPORTUNITY_CREATED ->
                        created.put(subject, new Created(Instant.parse(time), type));
                default -> {
                }
            }
        }

        static String header(ConsumerRecord<?, ?> r, String name) {
            Header h = r.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }

        /** LeadQualified -> later of ContactCreated/AccountCreated, or null while one of them is missing. */
        Duration lag(String leadId) {
            Instant later = bothCreated(leadId);
            return later == null ? null : Duration.between(qualified.get(leadId).time(), later);
        }

        /** LeadQualified -> its OpportunityCreated (committed, hence readable: a GET reads the event store), or null. */
        Duration opportunityLag(String leadId) {
            Qualified q = qualified.get(leadId);
            Created opportunity = q == null || q.opportunityId() == null ? null : created.get(q.opportunityId());
            return opportunity == null ? null : Duration.between(q.time(), opportunity.time());
        }

        /** The later ce_time of the lead's ContactCreated and AccountCreated, or null while one is missing. */
        Instant bothCreated(String leadId) {
            Qualified q = qualified.get(leadId);
            if (q == null || !q.newContact() || !q.newAccount()) {
                return null;
            }
            Created contact = created.get(q.contactId()), account = created.get(q.accountId());
            if (contact == null || account == null) {
                return null;
            }
            return contact.time().isAfter(account.time()) ? contact.time() : account.time();
        }

        void finish() throws InterruptedException {
            finishing = true;
            thread.join(15_000);
            if (thread.isAlive()) {
                consumer.wakeup();
                thread.join(5_000);
            }
        }
    }

    // --- results ----------------------------------------------------------------------------------------------

    /** Nearest-rank percentiles of a set of millisecond values. */
    record Stats(double[] sortedMs) {
        static Stats of(List<Double> ms) {
            return new Stats(ms.stream().mapToDouble(Double::doubleValue).sorted().toArray());
        }

        double p(double q) {
            if (sortedMs.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * sortedMs.length);
            return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, rank - 1))];
        }

        String row(String label, String errors) {
            return String.format(Locale.ROOT, "  %-44s %6d %8.1f %8.1f %8.1f %8.1f %7s", label, sortedMs.length,
                    p(0.5), p(0.9), p(0.99), p(1.0), errors);
        }
    }

    void summary(List<String> notes, Phase measured, EventLog events, OpenLoad.RelayLag leadRelay,
                 OpenLoad.RelayLag contactAccountRelay, String loadBefore, String loadAtEnd, List<String> others) {
        OpenLoad.Result r = measured.result();
        List<Double> lag = new ArrayList<>(), pickup = new ArrayList<>(), rest = new ArrayList<>();
        List<Double> opportunityLag = new ArrayList<>();
        long noQualified = 0, notVisible = 0, tooLate = 0, notNew = 0, idMismatch = 0;
        int windowSize = rate * WINDOW_SECONDS;
        List<List<Double>> windows = new ArrayList<>();
        for (int i = 0; i < measured.slots().size(); i++) {
            Slot s = measured.slots().get(i);
            if (i % windowSize == 0) {
                windows.add(new ArrayList<>());
            }
            Qualified q = events.qualified.get(s.leadId);
            if (q == null) {
                noQualified++;
                continue;
            }
            if (s.answerContactId != null && (!s.answerContactId.equals(q.contactId())
                    || !String.valueOf(s.answerAccountId).equals(q.accountId()))) {
                idMismatch++;
            }
            Duration toOpportunity = events.opportunityLag(s.leadId);
            if (toOpportunity != null && toOpportunity.compareTo(Duration.ofSeconds(boundSeconds)) <= 0) {
                opportunityLag.add(toOpportunity.toNanos() / 1e6);
            }
            if (!q.newContact() || !q.newAccount()) {
                notNew++;
                continue;
            }
            Duration d = events.lag(s.leadId);
            if (d == null) {
                notVisible++;
            } else if (d.compareTo(Duration.ofSeconds(boundSeconds)) > 0) {
                tooLate++;
            } else {
                double ms = d.toNanos() / 1e6;
                double relayPickup = q.recordTimestampMs() - q.time().toEpochMilli();
                lag.add(ms);
                windows.get(windows.size() - 1).add(ms);
                pickup.add(relayPickup);
                rest.add(ms - relayPickup);
            }
        }
        long errors = measured.slots().size() - lag.size();
        Stats lagStats = Stats.of(lag);
        long opportunityErrors = measured.slots().size() - opportunityLag.size();
        Stats opportunityStats = Stats.of(opportunityLag);

        List<Double> fromAnswer = new ArrayList<>(), fromCommit = new ArrayList<>(), sameSampleLag = new ArrayList<>();
        List<Double> afterCreated = new ArrayList<>(); // REST visible - later created ce_time, when polls saw it appear
        long sampleErrors = 0, atFirstPoll = 0;
        String firstSampleError = null;
        for (Sample s : samples) {
            Qualified q = events.qualified.get(s.leadId);
            Duration eventLag = events.lag(s.leadId);
            if (s.visibleAt == null || q == null || eventLag == null) {
                sampleErrors++;
                firstSampleError = firstSampleError != null ? firstSampleError
                        : s.error != null ? s.error : "no LeadQualified/created events for lead " + s.leadId;
                continue;
            }
            fromAnswer.add((s.visibleNanos - s.answeredNanos) / 1e6);
            fromCommit.add(Duration.between(q.time(), s.visibleAt).toNanos() / 1e6);
            sameSampleLag.add(eventLag.toNanos() / 1e6);
            if (s.visibleAtFirstPoll) {
                atFirstPoll++;
            } else {
                afterCreated.add(Duration.between(events.bothCreated(s.leadId), s.visibleAt).toNanos() / 1e6);
            }
        }

        System.out.println();
        System.out.println("==== Summary ====");
        notes.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "Qualification, open model at %d/s for %d s after a %d s warm-up: %d scheduled, "
                        + "%d answered 200, achieved %.0f/s; non-2xx %s, timeouts %d, I/O errors %d, dropped %d, "
                        + "unfinished %d%n", rate, seconds, warmupSeconds, measured.slots().size(), r.ok(),
                r.achievedPerSecond(), r.non2xx().isEmpty() ? "none" : r.non2xx(), r.timeouts(), r.ioErrors(),
                r.dropped(), r.unfinished());
        System.out.printf(Locale.ROOT, "  %-44s %6s %8s %8s %8s %8s %7s%n", "ms", "count", "p50", "p90", "p99", "max",
                "errors");
        double[] qualifyMs = Arrays.stream(r.latencies()).mapToDouble(n -> n / 1e6).toArray();
        System.out.println(new Stats(qualifyMs).row("qualify answer (from scheduled start)", Long.toString(r.errors())));
        System.out.println(lagStats.row("LAG LeadQualified -> contact AND account", Long.toString(errors)));
        System.out.println(Stats.of(pickup).row("  of which LeadQualified -> relay send", ""));
        System.out.println(Stats.of(rest).row("  of which relay send -> both created", ""));
        System.out.println(opportunityStats.row("LAG LeadQualified -> opportunity created", Long.toString(opportunityErrors)));
        System.out.println(Stats.of(sameSampleLag).row("LAG, REST sample only (every " + sampleEvery + "th)",
                Long.toString(sampleErrors)));
        System.out.println(Stats.of(fromCommit).row("REST visible, from LeadQualified ce_time", ""));
        System.out.println(Stats.of(fromAnswer).row("REST visible, from the qualify answer", ""));
        System.out.println(Stats.of(afterCreated).row("REST visible minus later created ce_time (*)", ""));
        Stats gets = Stats.of(getRoundTripsMs);
        System.out.println(gets.row("  one GET's round trip", ""));
        System.out.printf(Locale.ROOT, "(LAG = later ce_time of ContactCreated (%s) and AccountCreated (%s) minus "
                        + "LeadQualified's ce_time (%s), joined by the ids in LeadQualified's value; ce_time is stamped "
                        + "when the event is applied inside the transaction that commits it, with millisecond "
                        + "resolution: commit time to within a few ms (contact-account-service applies a whole poll "
                        + "in one transaction, so for a record early in a batch up to that batch's duration); errors = "
                        + "measured qualifications without both created within %d s, qualify failures included: "
                        + "no LeadQualified %d, contact/account never seen %d, later than the bound %d, not new %d; "
                        + "answer ids differing from LeadQualified's %d. relay send = the Kafka record timestamp of "
                        + "LeadQualified (set by lead-service's relay when it sends). REST visible = both GET "
                        + "/contacts/{id} and /accounts/{id} answered 200, polled every %d ms after the previous poll's "
                        + "answers, from the qualify answer (%d GETs, %.0f/s); time taken when the first 200 arrived: "
                        + "an upper bound, late by up to one GET round trip + one interval; samples skipped because "
                        + "%d were polling already: %d. (*) over the %d samples not yet visible at the first poll "
                        + "(%d were): how much later than ce_time REST saw them.)%n",
                CONTACT_TOPIC, ACCOUNT_TOPIC, LEAD_TOPIC, boundSeconds, noQualified, notVisible, tooLate, notNew,
                idMismatch, pollMs, gets.sortedMs().length, gets.sortedMs().length / (double) seconds,
                maxActiveSamples, skippedSamples.get(), afterCreated.size(), atFirstPoll);
        StringBuilder byWindow = new StringBuilder("LAG p50/max ms by " + WINDOW_SECONDS + " s of schedule:");
        for (List<Double> w : windows) {
            Stats ws = Stats.of(w);
            byWindow.append(String.format(Locale.ROOT, " %.0f/%.0f", ws.p(0.5), ws.p(1.0)));
        }
        System.out.println(byWindow + "   (growing = the chain does not keep up with the rate)");
        if (firstSampleError != null) {
            System.out.println("  first REST sample error: " + firstSampleError);
        }
        if (events.failure != null) {
            System.out.println("  topic reader error: " + events.failure);
        }
        relayLine("lead-service", leadRelay, r.ok());
        relayLine("contact-account-service", contactAccountRelay, 2 * r.ok());
        System.out.printf(Locale.ROOT, "(opportunity LAG = OpportunityCreated's ce_time (%s) minus LeadQualified's; "
                + "committed is readable, since GET /opportunities/{id} reads the event store; errors = measured "
                + "qualifications without their opportunity within %d s)%n", OPPORTUNITY_TOPIC, boundSeconds);
        System.out.printf("%-16s", "CPU %");
        r.cpu().keySet().forEach(k -> System.out.printf(Locale.ROOT, " %15s", k));
        System.out.println();
        System.out.printf("%-16s", "measured phase");
        r.cpu().values().forEach(v -> System.out.printf(Locale.ROOT, " %15.0f", v));
        System.out.println();
        System.out.printf(Locale.ROOT, "(%% of one core, from the measured phase's start to its last qualify answer; "
                + "the machine has %d cores = %d%%; other = everything else, e.g. a build)%n", cores(), 100 * cores());
        System.out.println("load average (1, 5, 15 min): before the measured phase " + loadBefore + ", at its end "
                + loadAtEnd + (Double.parseDouble(loadAtEnd.split(" ")[0]) > cores()
                ? "   (above the core count: threads queued for a CPU; the 1-min average trails by minutes and counts "
                + "this benchmark's own processes, so see 'other' for work that is not the benchmark's)" : ""));
        others.forEach(o -> System.out.println("WARNING: another benchmark ran during the measured phase: " + o));
        if (r.cpu().getOrDefault("other", 0.0) > 25) {
            System.out.printf(Locale.ROOT, "WARNING: the machine was shared: other processes used %.0f%% of one core "
                    + "during the measured phase (a build?); the figures are pessimistic%n", r.cpu().get("other"));
        }
        System.out.println();
        boolean rateHeld = r.achievedPerSecond() >= 0.95 * rate && r.errors() == 0;
        boolean met = rateHeld && errors == 0 && lagStats.p(0.99) < aimP99Ms;
        System.out.printf(Locale.ROOT, "RESULT qualification lag at %d/s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, "
                        + "max %.1f ms, errors %d (aim: p99 < %d ms, no errors, rate held) -> %s%n", rate,
                lagStats.p(0.5), lagStats.p(0.9), lagStats.p(0.99), lagStats.p(1.0), errors, aimP99Ms,
                met ? "MET" : "MISSED");
        boolean opportunityMet = rateHeld && opportunityErrors == 0 && opportunityStats.p(0.99) < aimP99Ms;
        System.out.printf(Locale.ROOT, "RESULT opportunity lag at %d/s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, "
                        + "max %.1f ms, errors %d (aim: p99 < %d ms, no errors, rate held) -> %s%n", rate,
                opportunityStats.p(0.5), opportunityStats.p(0.9), opportunityStats.p(0.99), opportunityStats.p(1.0),
                opportunityErrors, aimP99Ms, opportunityMet ? "MET" : "MISSED");
        Stats visible = Stats.of(fromCommit);
        System.out.printf(Locale.ROOT, "RESULT cross-check, REST visible from LeadQualified on %d samples: p50 %.1f ms, "
                + "p99 %.1f ms, max %.1f ms%n", visible.sortedMs().length, visible.p(0.5), visible.p(0.99),
                visible.p(1.0));
    }

    /** The service's relay lag over the phase; far more events than the qualifications made means other traffic. */
    static void relayLine(String service, OpenLoad.RelayLag relay, long expectedEvents) {
        if (relay == null || relay.count() == 0) {
            System.out.println("relay lag " + service + ": no events in the phase (or no histogram)");
            return;
        }
        System.out.printf(Locale.ROOT, "relay lag %s (stored -> Kafka ack, its histogram over the measured phase): "
                + "%d events, p50 %s, p99 %s%s%n", service, relay.count(), relay.p50().text(), relay.p99().text(),
                relay.count() > expectedEvents * 1.1 + 20 ? String.format(Locale.ROOT, "   WARNING: the qualifications "
                        + "made about %d; the service had other traffic", expectedEvents) : "");
    }

    /** Command lines of other load generators or pgbench runs on this machine (a colleague's benchmark). */
    static List<String> otherBenchmarks() {
        List<String> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self).forEach(p -> {
            String cmd = p.info().commandLine().orElse("");
            if (cmd.contains("OpenLoad") || cmd.contains("QualificationLag") || cmd.contains("pgbench ")) {
                found.add("pid " + p.pid() + ": " + (cmd.length() > 100 ? cmd.substring(0, 100) + "..." : cmd));
            }
        });
        return found;
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String text(String json, String field) {
        try {
            JsonNode v = JSON.readTree(json).get(field);
            return v == null || v.isNull() ? null : v.asText();
        } catch (Exception e) {
            return null;
        }
    }

    static String loadAverage() {
        String s = OpenLoad.read(Path.of("/proc/loadavg"));
        return s == null ? "? ? ?" : String.join(" ", Arrays.copyOf(s.trim().split("\\s+"), 3));
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}

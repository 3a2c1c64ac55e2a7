import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark of timeline-service on the local system (run by bench/timeline with the broker's jars on the class
 * path). Seeds, through the APIs, a lead with {@code --entries} notes (a timeline of that many lines) and
 * {@code --activities} tasks created and completed on other leads, once (kept in the seed file). Then:
 * <ol>
 * <li>reads the first page of that timeline at {@code --rate} reads/s on an open model (each request due at
 * start + i/rate, latency from that instant, so a service that falls behind shows), after a warm-up;</li>
 * <li>rebuilds the timeline's read models from offset 0 as an operator does (service stopped, read models emptied,
 * group removed, service started) and measures the replay rate from the rows the projection commits (its inbox);</li>
 * <li>in the same run, reads the same seven topics from offset 0 with a plain Kafka consumer: the broker's own rate.</li>
 * </ol>
 * The bearer token comes from BENCH_TOKEN.
 */
public class TimelineBench {

    static final List<String> TOPICS = List.of("crm.lead.v1", "crm.contact.v1", "crm.account.v1", "crm.opportunity.v1",
            "crm.activity.v1", "crm.note.v1", "crm.notification.v1");
    static final String GROUP = "timeline-service";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static String token;
    static String leadUrl;
    static String timelineUrl;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        token = System.getenv("BENCH_TOKEN");
        leadUrl = o.getOrDefault("lead-url", "http://127.0.0.1:8081");
        timelineUrl = o.getOrDefault("timeline-url", "http://127.0.0.1:8084");
        int entries = Integer.parseInt(o.getOrDefault("entries", "10000"));
        int activities = Integer.parseInt(o.getOrDefault("activities", "20000"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "50"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        Path seedFile = Path.of(o.get("seed-file"));
        String bootstrap = o.getOrDefault("bootstrap", "127.0.0.1:9092");

        String leadId = seed(seedFile, entries, activities, Integer.parseInt(o.getOrDefault("concurrency", "16")));
        String page = timelineUrl + "/api/v1/timeline/lead/" + leadId;
        String first = get(page).body();
        System.out.printf("timeline of lead %s: %s lines%n", leadId, field(first, "totalItems"));

        System.out.printf("%n-- first page of the timeline (20 lines), open model --%n");
        reads(page, rate, 10, false);
        reads(page, rate, seconds, true);

        System.out.printf("%n-- replay of the timeline projections from offset 0 --%n");
        replay(o, bootstrap);

        System.out.printf("%n-- Kafka's own consumer on the same topics, from offset 0 --%n");
        plainConsumer(bootstrap);
    }

    // --- seeding -----------------------------------------------------------------------------------------------

    static String seed(Path seedFile, int entries, int activities, int concurrency) throws Exception {
        if (Files.exists(seedFile)) {
            String leadId = Files.readString(seedFile).strip();
            System.out.printf("seed: reusing lead %s (%s)%n", leadId, seedFile);
            return leadId;
        }
        long start = System.nanoTime();
        String leadId = newLead("Timeline bench " + System.currentTimeMillis());
        awaitKnown(leadId);
        AtomicInteger failures = new AtomicInteger();
        run(entries, concurrency, i -> post(timelineUrl + "/api/v1/notes", "{\"regarding\":{\"type\":\"LEAD\",\"id\":\""
                + leadId + "\"},\"text\":\"Note " + i + " : rappel, devis, échange avec le client\"}"), failures);
        System.out.printf("seed: %d notes on lead %s in %.1f s (%d failed)%n", entries, leadId,
                (System.nanoTime() - start) / 1e9, failures.get());
        if (activities > 0) {
            long t = System.nanoTime();
            List<String> leads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                leads.add(newLead("Timeline bench activities " + i));
            }
            for (String l : leads) {
                awaitKnown(l);
            }
            run(activities, concurrency, i -> post(timelineUrl + "/api/v1/activities", "{\"type\":\"TASK\",\"subject\":"
                    + "\"Tâche " + i + "\",\"dueAt\":\"2026-12-01T16:30:00Z\",\"regarding\":{\"type\":\"LEAD\",\"id\":\""
                    + leads.get(i % leads.size()) + "\"}}").thenCompose(created -> {
                String id = field(created.body(), "id");
                return post(timelineUrl + "/api/v1/activities/" + id + "/complete", "{}");
            }), failures);
            System.out.printf("seed: %d tasks created and completed in %.1f s (%d failed in all)%n", activities,
                    (System.nanoTime() - t) / 1e9, failures.get());
        }
        Files.createDirectories(seedFile.getParent());
        Files.writeString(seedFile, leadId + "\n");
        return leadId;
    }

    static String newLead(String topic) throws Exception {
        HttpResponse<String> r = post(leadUrl + "/api/v1/leads", "{\"topic\":\"" + topic + "\",\"lastName\":\"Bench\"}").get();
        if (r.statusCode() != 201) {
            throw new IllegalStateException("lead creation: " + r.statusCode() + " " + r.body());
        }
        return field(r.body(), "id");
    }

    /** Until timeline-service's replica has the lead, its timeline is 404. */
    static void awaitKnown(String leadId) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (get(timelineUrl + "/api/v1/timeline/lead/" + leadId).statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("timeline-service never learnt of lead " + leadId);
    }

    interface Call {
        CompletableFuture<HttpResponse<String>> start(int i);
    }

    static void run(int count, int concurrency, Call call, AtomicInteger failures) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        for (int i = 0; i < count; i++) {
            slots.acquire();
            call.start(i).whenComplete((r, e) -> {
                if (e != null || r.statusCode() >= 300) {
                    if (failures.getAndIncrement() < 3) {
                        System.out.println("  failed: " + (e != null ? e : r.statusCode() + " " + r.body()));
                    }
                }
                slots.release();
            });
        }
        slots.acquire(concurrency);
    }

    // --- reads -------------------------------------------------------------------------------------------------

    static void reads(String url, int rate, int seconds, boolean measured) throws Exception {
        int total = rate * seconds;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            LockSupport.parkNanos(due - System.nanoTime());
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).GET().build();
            pending.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 200) {
                    errors.incrementAndGet();
                } else {
                    latencies.add(System.nanoTime() - due);
                }
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%s %d reads/s for %d s: %d ok, %d errors; latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, "
                        + "max %.1f ms%n", measured ? "measured" : "warm-up ", rate, seconds, sorted.length, errors.get(),
                ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted.length == 0 ? Double.NaN
                        : sorted[sorted.length - 1] / 1e6);
    }

    static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    // --- replay ------------------------------------------------------------------------------------------------

    static void replay(Map<String, String> o, String bootstrap) throws Exception {
        String root = o.get("root");
        String pidFile = root + "/.data/pids/timeline-service.pid";
        String pid = Files.readString(Path.of(pidFile)).strip();
        System.out.println("stopping timeline-service (pid " + pid + ")");
        new ProcessBuilder("kill", pid).inheritIO().start().waitFor();
        while (new ProcessBuilder("kill", "-0", pid).start().waitFor() == 0) {
            Thread.sleep(100);
        }
        psql("-f", root + "/timeline-service/src/main/resources/rebuild-read-models.sql");
        Properties admin = new Properties();
        admin.put("bootstrap.servers", bootstrap);
        try (Admin kafka = Admin.create(admin)) {
            // the stopped instance is a static member until its session expires: remove it, then the group
            try {
                kafka.removeMembersFromConsumerGroup(GROUP, new RemoveMembersFromConsumerGroupOptions(
                        List.of(new MemberToRemove("timeline-service-timeline")))).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.println("  (no static member to remove: " + e.getMessage() + ")");
            }
            kafka.deleteConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS);
        }
        long events = endOffsets(bootstrap);
        System.out.printf("group %s removed; the topics hold %d records; read models emptied; starting the service%n",
                GROUP, events);
        long startup = System.nanoTime();
        Map<String, Long> cpuBefore = cpu(root);
        Process up = new ProcessBuilder(root + "/deploy/local/crm", "up").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(root, "bench/out/timeline-crm-up.log").toFile()))
                .start();
        long firstAt = 0;
        long firstCount = 0;
        long count = 0;
        long lastChange = System.nanoTime();
        long lastCount = -1;
        List<long[]> progress = new ArrayList<>();
        while (true) {
            count = inboxCount();
            long now = System.nanoTime();
            progress.add(new long[]{now, count});
            if (count > 0 && firstAt == 0) {
                firstAt = now;
                firstCount = count;
            }
            if (count != lastCount) {
                lastChange = now;
                lastCount = count;
            }
            if (count >= events || (count > 0 && now - lastChange > 20_000_000_000L)) {
                break;
            }
            Thread.sleep(100);
        }
        Map<String, Long> cpuAfter = cpu(root);
        up.waitFor(120, TimeUnit.SECONDS);
        double seconds = (lastChange - firstAt) / 1e9;
        double wall = (System.nanoTime() - startup) / 1e9;
        StringBuilder use = new StringBuilder();
        cpuAfter.forEach((name, ticks) -> use.append(String.format("%s %.1f s, ", name,
                (ticks - cpuBefore.getOrDefault(name, 0L)) / 100.0)));
        System.out.printf("CPU used from the start to the end of the replay (%.1f s of wall time, 2 cores): %s%n", wall,
                use.substring(0, use.length() - 2));
        System.out.printf("replayed %d of %d events; first commit %.1f s after the start; from there %d events in "
                        + "%.2f s: %.0f events/s%n", count, events, (firstAt - startup) / 1e9, count - firstCount,
                seconds, (count - firstCount) / seconds);
        // the JVM starts cold: its second half shows the rate once the JIT has compiled the hot paths
        long replayed = count;
        long[] middle = progress.stream().filter(p -> p[1] >= replayed / 2).findFirst().orElse(progress.get(0));
        long[] end = progress.stream().filter(p -> p[1] >= replayed).findFirst()
                .orElse(progress.get(progress.size() - 1));
        System.out.printf("second half of the replay: %d events in %.2f s: %.0f events/s%n", end[1] - middle[1],
                (end[0] - middle[0]) / 1e9, (end[1] - middle[1]) / ((end[0] - middle[0]) / 1e9));
    }

    /**
     * CPU ticks (1/100 s) used so far by the timeline-service process (the one its pid file names, or 0 while it is
     * not started), the postgres processes alive at that moment (connections of the stopped service are gone, so this
     * is a lower bound), the Kafka broker, and the whole machine.
     */
    static Map<String, Long> cpu(String root) throws IOException {
        Map<String, Long> ticks = new java.util.LinkedHashMap<>();
        ticks.put("timeline-service", 0L);
        ticks.put("postgres", 0L);
        ticks.put("kafka", 0L);
        String[] all = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long idle = Long.parseLong(all[4]) + Long.parseLong(all[5]);
        long total = 0;
        for (int i = 1; i < Math.min(all.length, 9); i++) {
            total += Long.parseLong(all[i]);
        }
        ticks.put("the whole machine (busy)", total - idle);
        String timeline = pid(root, "timeline-service");
        String kafka = pid(root, "kafka");
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) procs.filter(d -> d.getFileName().toString().matches("\\d+"))::iterator) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long used = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    String pid = dir.getFileName().toString();
                    String name = pid.equals(timeline) ? "timeline-service" : pid.equals(kafka) ? "kafka"
                            : comm.startsWith("postgres") ? "postgres" : null;
                    if (name != null) {
                        ticks.merge(name, used, Long::sum);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        }
        return ticks;
    }

    static String pid(String root, String name) {
        try {
            return Files.readString(Path.of(root, ".data/pids/" + name + ".pid")).strip();
        } catch (IOException e) {
            return "none";
        }
    }

    static long inboxCount() throws Exception {
        String out = psql("-qAtX", "-c", "select count(*) from crm_inbox where consumer_group = '" + GROUP + "'");
        return Long.parseLong(out.strip());
    }

    static String psql(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-w", "-d",
                "crm_timeline", "-v", "ON_ERROR_STOP=1"));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        return out;
    }

    static long endOffsets(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer);
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum()
                    - consumer.beginningOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static void plainConsumer(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer);
            long total = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            long read = 0;
            long bytes = 0;
            while (read < total && System.nanoTime() - start < 120_000_000_000L) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                read += records.count();
                for (var r : records) {
                    bytes += r.value() == null ? 0 : r.value().length;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("a plain KafkaConsumer (read_committed, max.poll.records 1000, no processing) read %d "
                    + "records (%.1f MB of values) in %.2f s: %.0f records/s%n", read, bytes / 1e6, seconds, read / seconds);
        }
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        p.put("max.poll.records", "1000");
        p.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(p);
    }

    static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    // --- HTTP --------------------------------------------------------------------------------------------------

    static CompletableFuture<HttpResponse<String>> post(String url, String json) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return Collections.unmodifiableMap(o);
    }
}

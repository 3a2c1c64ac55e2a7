import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pipeline report over many opportunities, for bench/pipeline-report (JDK only: run with {@code java
 * bench/PipelineReport.java}). Seeds the opportunities once through the API (kept in bench/out/pipeline-seed.txt for
 * later runs): creations, then stage changes, wins and losses after an instant it remembers as "the past"; then
 * times GET /api/v1/pipeline now and as of that instant, one request at a time, and checks that every as-of answer
 * is the same.
 *
 * <p>Usage: {@code PipelineReport --url URL --contact-account-url URL [--count 100000] [--concurrency 24]
 * [--reports 200] [--as-of-reports 50] [--seed-file PATH] [--aim-now-p99-ms 200] [--aim-as-of-ms 2000]}.
 * The bearer token (a sales manager's, to create for several owners) comes from BENCH_TOKEN.
 */
public class PipelineReport {

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern OPEN_COUNT = Pattern.compile("\"open\"\\s*:\\s*\\{\\s*\"count\"\\s*:\\s*(\\d+)");
    static final int OWNERS = 20;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String url;
    final String contactAccountUrl;
    final String token;

    PipelineReport(String url, String contactAccountUrl, String token) {
        this.url = url;
        this.contactAccountUrl = contactAccountUrl;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("--count", "100000", "--concurrency", "24",
                "--reports", "200", "--as-of-reports", "50", "--seed-file", "bench/out/pipeline-seed.txt",
                "--aim-now-p99-ms", "200", "--aim-as-of-ms", "2000"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        String token = System.getenv("BENCH_TOKEN");
        if (token == null || a.get("--url") == null || a.get("--contact-account-url") == null) {
            throw new IllegalArgumentException("needs --url, --contact-account-url and BENCH_TOKEN");
        }
        new PipelineReport(a.get("--url"), a.get("--contact-account-url"), token).run(
                Integer.parseInt(a.get("--count")), Integer.parseInt(a.get("--concurrency")),
                Integer.parseInt(a.get("--reports")), Integer.parseInt(a.get("--as-of-reports")),
                Path.of(a.get("--seed-file")), Long.parseLong(a.get("--aim-now-p99-ms")),
                Long.parseLong(a.get("--aim-as-of-ms")));
    }

    void run(int count, int concurrency, int reports, int asOfReports, Path seedFile, long aimNowP99, long aimAsOf)
            throws Exception {
        Seed seed = Seed.read(seedFile);
        if (seed != null && seed.count() >= count && opportunitiesOf(seed.accountId()) >= seed.count()) {
            System.out.printf(Locale.ROOT, "reusing the seed of %s: %d opportunities of account %s, past instant %s%n",
                    seedFile, seed.count(), seed.accountId(), seed.past());
        } else {
            seed = seed(count, concurrency);
            Files.writeString(seedFile, seed.accountId() + " " + seed.count() + " " + seed.past() + "\n");
        }
        System.out.printf(Locale.ROOT, "opportunities in the service: %d open now (all owners); pipeline_fact intervals:"
                + " see the psql line of the script%n", openCount(get("/api/v1/pipeline")));

        String asOf = "/api/v1/pipeline?asOf=" + URLEncoder.encode(seed.past().toString(), StandardCharsets.UTF_8);
        String owner = "/api/v1/pipeline?ownerId=bench-pipeline-3";
        String range = "/api/v1/pipeline?closeDateFrom=2027-04-01&closeDateTo=2027-06-30";
        for (int i = 0; i < 20; i++) { // warm-up of the report path (JIT, plans, caches)
            get("/api/v1/pipeline");
            get(asOf);
        }
        System.out.println();
        System.out.printf("%-52s %6s %8s %8s %8s %8s%n", "GET, one at a time (ms)", "count", "p50", "p90", "p99", "max");
        double[] now = time("/api/v1/pipeline", reports, null);
        row("pipeline now (all owners)", now);
        row("pipeline now, ownerId (one of " + OWNERS + ")", time(owner, reports, null));
        row("pipeline now, close-date range (a quarter)", time(range, reports, null));
        List<String> bodies = new ArrayList<>();
        double[] past = time(asOf, asOfReports, bodies);
        row("pipeline as of " + seed.past(), past);
        row("pipeline as of it, ownerId", time(asOf + "&ownerId=bench-pipeline-3", asOfReports, null));
        long distinct = bodies.stream().distinct().count();
        String then = bodies.get(0);
        System.out.printf(Locale.ROOT, "as-of answers: %d, distinct bodies: %d (1 = reproducible); open then: %d%n",
                bodies.size(), distinct, openCount(then));
        System.out.println();
        System.out.printf(Locale.ROOT, "RESULT pipeline now over %d+ opportunities: p50 %.1f ms, p99 %.1f ms, max %.1f ms "
                        + "(aim: p99 < %d ms) -> %s%n", seed.count(), p(now, 0.5), p(now, 0.99), p(now, 1),
                aimNowP99, p(now, 0.99) < aimNowP99 ? "MET" : "MISSED");
        System.out.printf(Locale.ROOT, "RESULT pipeline as of a past instant: p50 %.1f ms, p99 %.1f ms, max %.1f ms "
                        + "(aim: < %d ms, every answer the same) -> %s%n", p(past, 0.5), p(past, 0.99), p(past, 1),
                aimAsOf, p(past, 1) < aimAsOf && distinct == 1 ? "MET" : "MISSED");
    }

    record Seed(String accountId, int count, Instant past) {
        static Seed read(Path file) throws Exception {
            if (!Files.exists(file)) {
                return null;
            }
            String[] parts = Files.readString(file).trim().split(" ");
            return new Seed(parts[0], Integer.parseInt(parts[1]), Instant.parse(parts[2]));
        }
    }

    /** Creations, an instant remembered as the past, then stage changes, wins and losses of some of them. */
    Seed seed(int count, int concurrency) throws Exception {
        String account = account();
        System.out.printf(Locale.ROOT, "seeding %d opportunities of account %s, %d requests at a time%n", count, account,
                concurrency);
        Random random = new Random(42);
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        parallel(count, concurrency, i -> {
            String currency = random(random, 5) == 0 ? "EUR" : "USD";
            String body = String.format(Locale.ROOT, "{\"name\":\"Pipeline bench %d\",\"ownerId\":\"bench-pipeline-%d\","
                            + "\"accountId\":\"%s\",\"estimatedRevenue\":{\"amount\":%d,\"currency\":\"%s\"},"
                            + "\"estimatedCloseDate\":\"%s\"}", i, i % OWNERS, account, 1000 + random(random, 49000),
                    currency, LocalDate.of(2027, 1, 1).plusDays(random(random, 365)));
            return send(post("/api/v1/opportunities", body)).thenApply(r -> {
                Matcher m = ID.matcher(r.body());
                if (r.statusCode() == 201 && m.find()) {
                    ids.add(m.group(1));
                }
                return r.statusCode();
            });
        });
        System.out.printf(Locale.ROOT, "created %d in %.0f s%n", ids.size(), (System.nanoTime() - start) / 1e9);
        settle();
        Instant past = Instant.now();
        Thread.sleep(1000);
        List<String> sorted = new ArrayList<>(ids);
        java.util.Collections.sort(sorted);
        int changes = sorted.size() * 2 / 5;
        start = System.nanoTime();
        parallel(changes, concurrency, i -> {
            String id = sorted.get(i);
            String path = "/api/v1/opportunities/" + id;
            CompletableFuture<HttpResponse<String>> first = send(post(path + "/process/next-stage", ""));
            return switch (i % 8) {
                case 0 -> first.thenCompose(r -> send(post(path + "/win", "{}"))).thenApply(HttpResponse::statusCode);
                case 1 -> first.thenCompose(r -> send(post(path + "/lose", "{\"reason\":\"OUT_SOLD\"}")))
                        .thenApply(HttpResponse::statusCode);
                case 2, 3 -> first.thenCompose(r -> send(post(path + "/process/next-stage", "")))
                        .thenApply(HttpResponse::statusCode);
                default -> first.thenApply(HttpResponse::statusCode);
            };
        });
        System.out.printf(Locale.ROOT, "changed %d after %s (next stage; a quarter of them won, lost or moved again) in"
                + " %.0f s%n", changes, past, (System.nanoTime() - start) / 1e9);
        settle();
        return new Seed(account, ids.size(), past);
    }

    String account() throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(contactAccountUrl
                        + "/api/v1/accounts?ignoreDuplicates=true")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Pipeline bench " + Instant.now() + "\"}")).build()).get();
        Matcher m = ID.matcher(created.body());
        if (created.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("cannot create the bench account: " + created.statusCode() + " " + created.body());
        }
        String id = m.group(1);
        // opportunity-service knows it once its replica has it: until then a creation is a 400
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (opportunitiesOf(id) < 0 || !known(id)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("opportunity-service did not learn of account " + id + " in 30 s");
            }
            Thread.sleep(200);
        }
        return id;
    }

    /** Whether a creation for the account is accepted (the opportunity made to find out is the seed's first). */
    boolean known(String accountId) throws Exception {
        HttpResponse<String> r = send(post("/api/v1/opportunities", "{\"name\":\"Pipeline bench probe\",\"ownerId\":"
                + "\"bench-pipeline-0\",\"accountId\":\"" + accountId + "\"}")).get();
        return r.statusCode() == 201;
    }

    /** The read models follow Kafka: waits until the open count stops moving. */
    void settle() throws Exception {
        long last = -1;
        for (int i = 0; i < 120; i++) {
            long open = openCount(get("/api/v1/pipeline"));
            if (open == last) {
                return;
            }
            last = open;
            Thread.sleep(1000);
        }
    }

    long opportunitiesOf(String accountId) throws Exception {
        String body = get("/api/v1/opportunities?size=1&count=exact&accountId=" + accountId);
        Matcher m = Pattern.compile("\"totalItems\"\\s*:\\s*(\\d+)").matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    interface Task {
        CompletableFuture<Integer> run(int i);
    }

    /** {@code n} tasks, at most {@code concurrency} in flight; counts failures and says how many. */
    void parallel(int n, int concurrency, Task task) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        AtomicLong failures = new AtomicLong();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            slots.acquire();
            CompletableFuture<?> f = task.run(i).handle((status, error) -> {
                if (error != null || status / 100 != 2) {
                    failures.incrementAndGet();
                }
                slots.release();
                return null;
            });
            all.add(f);
            if (i > 0 && i % 10_000 == 0) {
                System.out.printf(Locale.ROOT, "  ... %d%n", i);
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        if (failures.get() > 0) {
            System.out.printf(Locale.ROOT, "  %d of %d failed%n", failures.get(), n);
        }
    }

    double[] time(String path, int n, List<String> bodies) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            String body = get(path);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (bodies != null) {
                bodies.add(body);
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    static void row(String label, double[] ms) {
        System.out.printf(Locale.ROOT, "%-52s %6d %8.1f %8.1f %8.1f %8.1f%n", label, ms.length, p(ms, 0.5), p(ms, 0.9),
                p(ms, 0.99), p(ms, 1));
    }

    /** Nearest-rank percentile of sorted values. */
    static double p(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long openCount(String report) {
        Matcher m = OPEN_COUNT.matcher(report);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static synchronized int random(Random random, int bound) {
        return random.nextInt(bound);
    }

    String get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).GET().build()).get();
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-model HTTP load generator for bench/lead-create (JDK only: {@code java bench/OpenLoad.java ...}).
 *
 * <p>Each phase issues POST requests on a fixed arrival schedule (request i is due at start + i/rate), whatever the
 * responses, with the asynchronous {@link HttpClient}. Latency is measured from each request's scheduled time, so a
 * generator or service that falls behind shows up in the figures (no coordinated omission). At most
 * {@code --max-outstanding} requests are in flight; a request due while the cap is reached is not sent and is counted
 * as "dropped" (an error). Around each measured phase it scrapes the service's Prometheus endpoint and reports the
 * relay lag percentiles of exactly that phase (difference of the {@code crm_relay_lag_seconds_bucket} counts), and it
 * reports the CPU used per process group during the phase (from /proc).
 *
 * <p>Usage: {@code java bench/OpenLoad.java --url URL --metrics URL --body JSON [--timeout-s 10]
 * [--max-outstanding 1000] [--clk-tck 100] [--pid name=pid]... PHASE...} where PHASE is {@code warmup:RATE:SECONDS}
 * or {@code step:RATE:SECONDS}. The bearer token comes from the environment variable BENCH_TOKEN.
 */
public class OpenLoad {

    static final String LAG = "crm_relay_lag_seconds";
    static final String PUBLISHED = "crm_relay_published_total";

    record Phase(boolean measured, int rate, int seconds) {
        String label() {
            return (measured ? "step " : "warm-up ") + rate + "/s for " + seconds + " s";
        }
    }

    /** What one phase produced; latencies in nanoseconds, of every request that was sent. */
    record Result(Phase phase, long sent, long ok, long dropped, long timeouts, long ioErrors, long unfinished,
                  Map<Integer, Long> non2xx, long[] latencies, double achievedPerSecond, String firstError,
                  RelayLag relay, Map<String, Double> cpu) {
        long errors() {
            return dropped + timeouts + ioErrors + unfinished + non2xx.values().stream().mapToLong(Long::longValue).sum();
        }

        double percentileMs(double q) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * latencies.length); // nearest rank
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
        }
    }

    /** Relay lag of one phase from the histogram difference; percentiles interpolated linearly within a bucket. */
    record RelayLag(long count, double meanMs, Percentile p50, Percentile p99) {
    }

    record Percentile(double ms, double bucketLowMs, double bucketHighMs) {
        String text() {
            return Double.isInfinite(bucketHighMs)
                    ? String.format(Locale.ROOT, "> %.1f ms (beyond the last bucket)", bucketLowMs)
                    : String.format(Locale.ROOT, "%.1f ms (bucket %.1f-%.1f)", ms, bucketLowMs, bucketHighMs);
        }
    }

    /** A scrape of the relay meters: cumulative bucket counts by upper bound (seconds). */
    record Scrape(TreeMap<Double, Double> buckets, double count, double sumSeconds, double published) {
    }

    final HttpClient client;
    final URI url;
    final URI metrics;
    final String body;
    final String token;
    final Duration timeout;
    final int maxOutstanding;
    final int clkTck;
    final Map<String, Long> pids;

    OpenLoad(Map<String, String> opts, Map<String, Long> pids, String token) {
        this.url = URI.create(required(opts, "url"));
        this.metrics = URI.create(required(opts, "metrics"));
        this.body = required(opts, "body");
        this.token = token;
        this.timeout = Duration.ofSeconds(bounded(opts.getOrDefault("timeout-s", "10"), 1, 120, "timeout-s"));
        this.maxOutstanding = bounded(opts.getOrDefault("max-outstanding", "1000"), 1, 20_000, "max-outstanding");
        this.clkTck = bounded(opts.getOrDefault("clk-tck", "100"), 1, 10_000, "clk-tck");
        this.pids = pids;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        Map<String, Long> pids = new LinkedHashMap<>();
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                String value = args[++i];
                if (a.equals("--pid")) {
                    String[] kv = value.split("=", 2);
                    pids.put(kv[0], Long.parseLong(kv[1]));
                } else {
                    opts.put(a.substring(2), value);
                }
            } else {
                String[] p = a.split(":");
                if (p.length != 3 || !(p[0].equals("warmup") || p[0].equals("step"))) {
                    throw new IllegalArgumentException("phase must be warmup:RATE:SECONDS or step:RATE:SECONDS: " + a);
                }
                phases.add(new Phase(p[0].equals("step"), bounded(p[1], 1, 20_000, "rate"),
                        bounded(p[2], 1, 600, "seconds")));
            }
        }
        String token = System.getenv("BENCH_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("set BENCH_TOKEN to a bearer token");
        }
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("no phase given");
        }
        OpenLoad load = new OpenLoad(opts, pids, token);
        System.out.printf(Locale.ROOT, "load generator: open model, max %d outstanding requests, timeout %d s, "
                        + "latency from each request's scheduled start%n", load.maxOutstanding, load.timeout.toSeconds());
        List<Result> results = new ArrayList<>();
        Scrape before = load.scrape();
        for (Phase phase : phases) {
            Result r = load.run(phase, before);
            before = load.lastScrape;
            print(r);
            if (phase.measured()) {
                results.add(r);
            }
        }
        summary(results, load, opts.get("note"));
    }

    /** The settled scrape at the end of the last phase: the "before" of the next one. */
    Scrape lastScrape;

    Result run(Phase phase, Scrape before) throws Exception {
        int n = Math.multiplyExact(phase.rate(), phase.seconds());
        long[] latency = new long[n];
        int[] status = new int[n]; // 0 never sent (dropped), >0 HTTP status, -1 timeout, -2 I/O error
        AtomicInteger outstanding = new AtomicInteger();
        AtomicLong lastCompletion = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Map<Integer, Long> non2xx = new ConcurrentHashMap<>();
        long dropped = 0;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Map<String, Long> cpuBefore = cpuTicks();
        long start = System.nanoTime() + 5_000_000L;
        double periodNanos = 1e9 / phase.rate();
        for (int i = 0; i < n; i++) {
            final int slot = i;
            final long due = start + Math.round(i * periodNanos);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            if (outstanding.get() >= maxOutstanding) {
                dropped++;
                continue;
            }
            outstanding.incrementAndGet();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long done = System.nanoTime();
                latency[slot] = done - due;
                if (error == null) {
                    status[slot] = response.statusCode();
                    if (response.statusCode() / 100 != 2) {
                        non2xx.merge(response.statusCode(), 1L, Long::sum);
                    }
                } else {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    status[slot] = cause instanceof HttpTimeoutException ? -1 : -2;
                    firstError.compareAndSet(null, cause.toString());
                }
                lastCompletion.accumulateAndGet(done, Math::max);
                outstanding.decrementAndGet(); // publishes the slot writes to the thread that sees it reach 0
            });
        }
        // drain: every sent request ends within the request timeout; bounded anyway
        long drainDeadline = System.nanoTime() + timeout.toNanos() + 10_000_000_000L;
        while (outstanding.get() > 0 && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        long unfinished = outstanding.get();
        long end = Math.max(lastCompletion.get(), start + 1);
        Map<String, Double> cpu = cpuPercent(cpuBefore, cpuTicks(), (System.nanoTime() - start) / 1e9);

        long ok = 0, timeouts = 0, ioErrors = 0, sent = 0;
        long[] measured = new long[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            int s = status[i];
            if (s == 0) {
                continue; // dropped, or still unfinished
            }
            sent++;
            measured[m++] = latency[i];
            if (s / 100 == 2) {
                ok++;
            } else if (s == -1) {
                timeouts++;
            } else if (s == -2) {
                ioErrors++;
            }
        }
        long[] latencies = Arrays.copyOf(measured, m);
        Arrays.sort(latencies);
        double achieved = ok / ((end - start) / 1e9);
        lastScrape = settledScrape();
        RelayLag relay = phase.measured() ? relayLag(before, lastScrape) : null;
        return new Result(phase, sent + unfinished, ok, dropped, timeouts, ioErrors, unfinished,
                new TreeMap<>(non2xx), latencies, achieved, firstError.get(), relay, cpu);
    }

    // --- relay lag from the Prometheus histogram ------------------------------------------------------------------

    /** Scrapes once the relay has published what the phase created: its counter stopped moving (at most ~15 s). */
    Scrape settledScrape() throws Exception {
        Scrape after = scrape();
        for (int i = 0; i < 30; i++) {
            Thread.sleep(500);
            Scrape next = scrape();
            boolean settled = next.published == after.published;
            after = next;
            if (settled) {
                break;
            }
        }
        return after;
    }

    /** The phase's own relay lag: the difference of the cumulative histograms scraped before and after it. */
    static RelayLag relayLag(Scrape before, Scrape after) {
        if (after.buckets.isEmpty()) {
            return null;
        }
        long count = Math.round(after.count - before.count);
        List<double[]> diff = new ArrayList<>(); // {upper bound s, cumulative count in the phase}
        for (Map.Entry<Double, Double> e : after.buckets.entrySet()) {
            diff.add(new double[]{e.getKey(), e.getValue() - before.buckets.getOrDefault(e.getKey(), 0.0)});
        }
        double mean = count == 0 ? Double.NaN : (after.sumSeconds - before.sumSeconds) / count * 1000;
        return new RelayLag(count, mean, percentile(diff, count, 0.50), percentile(diff, count, 0.99));
    }

    static Percentile percentile(List<double[]> cumulative, long count, double q) {
        if (count == 0) {
            return new Percentile(Double.NaN, Double.NaN, Double.NaN);
        }
        double rank = q * count;
        double lowBound = 0, lowCount = 0;
        for (double[] b : cumulative) {
            if (b[1] >= rank) {
                double fraction = b[1] == lowCount ? 1 : (rank - lowCount) / (b[1] - lowCount);
                double value = Double.isInfinite(b[0]) ? lowBound : lowBound + (b[0] - lowBound) * fraction;
                return new Percentile(value * 1000, lowBound * 1000, b[0] * 1000);
            }
            lowBound = b[0];
            lowCount = b[1];
        }
        return new Percentile(Double.NaN, lowBound * 1000, Double.POSITIVE_INFINITY);
    }

    Scrape scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(metrics + " answered " + r.statusCode());
        }
        TreeMap<Double, Double> buckets = new TreeMap<>();
        double count = 0, sum = 0, published = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            double value = sampleValue(line);
            if (line.startsWith(LAG + "_bucket{")) {
                int at = line.indexOf("le=\"") + 4;
                String le = line.substring(at, line.indexOf('"', at));
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.merge(bound, value, Double::sum);
            } else if (line.startsWith(LAG + "_count")) {
                count += value;
            } else if (line.startsWith(LAG + "_sum")) {
                sum += value;
            } else if (line.startsWith(PUBLISHED)) {
                published += value;
            }
        }
        return new Scrape(buckets, count, sum, published);
    }

    /** The value of a sample line {@code name{labels} value [timestamp]} or {@code name value [timestamp]}. */
    static double sampleValue(String line) {
        int labelsEnd = line.lastIndexOf('}');
        String rest = (labelsEnd >= 0 ? line.substring(labelsEnd + 1) : line.substring(line.indexOf(' ') + 1)).trim();
        return rest.isEmpty() ? 0 : Double.parseDouble(rest.split("\\s+")[0]);
    }

    // --- CPU per process group, from /proc --------------------------------------------------------------------------

    /** utime+stime ticks per named process, all "postgres" processes, this JVM, and busy ticks of the machine. */
    Map<String, Long> cpuTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            ticks.put(e.getKey(), processTicks(Path.of("/proc", e.getValue().toString(), "stat")));
        }
        long postgres = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (dir.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    String stat = read(dir.resolve("stat"));
                    if (stat != null && stat.contains("(postgres)")) {
                        postgres += processTicks(stat);
                    }
                }
            }
        } catch (IOException e) {
            // /proc not readable: CPU figures will be missing
        }
        ticks.put("postgresql", postgres);
        ticks.put("load generator", processTicks(Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "stat")));
        String cpuLine = read(Path.of("/proc/stat"));
        long busy = 0;
        if (cpuLine != null) {
            String[] f = cpuLine.split("\n")[0].trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
        }
        ticks.put("machine busy", busy);
        return ticks;
    }

    Map<String, Double> cpuPercent(Map<String, Long> before, Map<String, Long> after, double seconds) {
        Map<String, Double> pct = new LinkedHashMap<>();
        double named = 0;
        for (String k : after.keySet()) {
            double p = (after.get(k) - before.getOrDefault(k, 0L)) * 100.0 / clkTck / seconds;
            pct.put(k, p);
            if (!k.equals("machine busy")) {
                named += p;
            }
        }
        pct.put("other", Math.max(0, pct.get("machine busy") - named));
        return pct;
    }

    static long processTicks(Path stat) {
        String s = read(stat);
        return s == null ? 0 : processTicks(s);
    }

    static long processTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 utime, 15 stime
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return null;
        }
    }

    // --- output ---------------------------------------------------------------------------------------------------

    static void print(Result r) {
        System.out.printf(Locale.ROOT, "%s: sent %d, achieved %.0f/s (2xx), errors %d [non-2xx %s, timeouts %d, "
                        + "I/O errors %d, dropped by the outstanding cap %d, unfinished %d]; latency ms p50 %.1f p90 %.1f "
                        + "p99 %.1f max %.1f%n", r.phase().label(), r.sent(), r.achievedPerSecond(), r.errors(),
                r.non2xx().isEmpty() ? "none" : r.non2xx(), r.timeouts(), r.ioErrors(), r.dropped(), r.unfinished(),
                r.percentileMs(0.5), r.percentileMs(0.9), r.percentileMs(0.99), r.percentileMs(1.0));
        if (r.firstError() != null) {
            System.out.println("  first error: " + r.firstError());
        }
        if (r.relay() != null) {
            System.out.printf(Locale.ROOT, "  relay lag (stored -> Kafka ack) over %d events: p50 %s, p99 %s, mean %.1f ms%n",
                    r.relay().count(), r.relay().p50().text(), r.relay().p99().text(), r.relay().meanMs());
            if (r.relay().count() > r.sent()) {
                System.out.printf(Locale.ROOT, "  WARNING: %d events relayed for %d requests sent: something else wrote to "
                        + "the service during this step (its CPU counts as the service's)%n", r.relay().count(), r.sent());
            }
        }
        StringBuilder cpu = new StringBuilder("  CPU (% of one core):");
        r.cpu().forEach((k, v) -> cpu.append(String.format(Locale.ROOT, " %s %.0f%%,", k, v)));
        System.out.println(cpu.substring(0, cpu.length() - 1));
    }

    static void summary(List<Result> results, OpenLoad load, String note) {
        System.out.println();
        System.out.println("==== Summary ====");
        if (note != null) {
            System.out.println(note);
        }
        System.out.println("Lead creation, open model (POST " + load.url + "), latency from scheduled start:");
        System.out.printf(Locale.ROOT, "%8s %10s %7s %7s %7s %7s %8s %8s %8s %8s %10s %10s%n", "target/s",
                "achieved/s", "errors", "non-2xx", "failed", "dropped", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "lag p50 ms", "lag p99 ms");
        for (Result r : results) {
            long non2xx = r.non2xx().values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "%8d %10.0f %7d %7d %7d %7d %8.1f %8.1f %8.1f %8.1f %10s %10s%n",
                    r.phase().rate(), r.achievedPerSecond(), r.errors(), non2xx,
                    r.timeouts() + r.ioErrors() + r.unfinished(), r.dropped(), r.percentileMs(0.5),
                    r.percentileMs(0.9), r.percentileMs(0.99), r.percentileMs(1.0), relayMs(r, true), relayMs(r, false));
        }
        System.out.println("(achieved = 2xx responses / time from step start to last response; errors = non-2xx + "
                + "failed (timeout, I/O error) + dropped (not sent: " + load.maxOutstanding + " requests were "
                + "outstanding); latency percentiles over all sent requests; lag = relay lag, event stored -> Kafka ack, "
                + "interpolated within its histogram bucket)");
        System.out.printf(Locale.ROOT, "%8s", "CPU %");
        results.get(0).cpu().keySet().forEach(k -> System.out.printf(Locale.ROOT, " %15s", k));
        System.out.println();
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%8d", r.phase().rate());
            r.cpu().values().forEach(v -> System.out.printf(Locale.ROOT, " %15.0f", v));
            System.out.println();
        }
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "CPU per create at %d/s: %.2f ms (every process of the system: services, Kafka,"
                    + " PostgreSQL; not the load generator)%n", r.phase().rate(), cpuMsPerRequest(r));
        }
        System.out.println("(CPU during each step incl. its drain, % of one core; the machine has "
                + Runtime.getRuntime().availableProcessors() + " cores = " + 100 * Runtime.getRuntime().availableProcessors()
                + "%; other = everything else, e.g. a build)");
        Result sustained = null;
        for (Result r : results) {
            if (r.achievedPerSecond() >= 0.95 * r.phase().rate() && r.errors() <= 0.01 * r.phase().rate() * r.phase().seconds()) {
                if (sustained == null || r.phase().rate() > sustained.phase().rate()) {
                    sustained = r;
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "RESULT highest sustained rate (achieved >= 95%% of target, errors <= 1%%): %s "
                        + "(aim: >= 1000/s) -> %s%n", sustained == null ? "none" : sustained.phase().rate() + "/s",
                sustained != null && sustained.phase().rate() >= 1000 ? "MET" : "MISSED");
        for (Result r : results) {
            if (r.phase().rate() == 200 && r.relay() != null) {
                boolean met = r.relay().p99().ms() < 100; // interpolated; NaN (beyond the last bucket) is not met
                System.out.printf(Locale.ROOT, "RESULT relay lag at 200/s: p50 %s, p99 %s (aim: p99 < 100 ms) -> %s%n",
                        r.relay().p50().text(), r.relay().p99().text(), met ? "MET" : "MISSED");
            }
        }
    }

    /** CPU time of the system's processes per successful request: their % of a core over the step, per 2xx/s. */
    static double cpuMsPerRequest(Result r) {
        double system = r.cpu().entrySet().stream()
                .filter(e -> !Set.of("machine busy", "other", "load generator").contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
        return r.achievedPerSecond() <= 0 ? Double.NaN : system * 10 / r.achievedPerSecond();
    }

    static String relayMs(Result r, boolean p50) {
        if (r.relay() == null) {
            return "n/a";
        }
        Percentile p = p50 ? r.relay().p50() : r.relay().p99();
        return Double.isInfinite(p.bucketHighMs()) ? String.format(Locale.ROOT, ">%.0f", p.bucketLowMs())
                : String.format(Locale.ROOT, "%.1f", p.ms());
    }

    // --- arguments ------------------------------------------------------------------------------------------------

    static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }

    static int bounded(String value, int min, int max, String name) {
        int v = Integer.parseInt(value.trim());
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + v);
        }
        return v;
    }
}

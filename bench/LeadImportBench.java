import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One lead import measured end to end, for bench/lead-import (JDK only: {@code java bench/LeadImportBench.java ...}).
 *
 * <p>Uploads the file to lead-service, then polls the import every 500 ms until it is no longer RUNNING: the time from
 * the upload's first byte to COMPLETED is the import's time, rows created over it its rate. Meanwhile it reads
 * {@code GET /api/v1/leads} at {@code --rate} requests/s on an open model (request i is due at start + i/rate, latency
 * counted from that instant, so a stalled service shows) and samples the service's resident memory (VmRSS of
 * {@code --pid}) at every poll: growth is the largest sample less the one taken just before the upload.
 *
 * <p>Usage: {@code java bench/LeadImportBench.java --url http://127.0.0.1:8081 --file F --type MEDIA_TYPE --pid PID
 * [--rate 20]}; the importer's bearer token comes from BENCH_TOKEN, the reader's from BENCH_READ_TOKEN (another
 * salesperson browsing their own leads while the import runs; default the importer).
 */
public class LeadImportBench {

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://127.0.0.1:8081");
        Path file = Path.of(arg(args, "--file", null));
        String type = arg(args, "--type", "text/csv");
        long pid = Long.parseLong(arg(args, "--pid", null));
        int rate = Integer.parseInt(arg(args, "--rate", "20"));
        Duration readTimeout = Duration.ofSeconds(Long.parseLong(arg(args, "--read-timeout", "10")));
        String token = System.getenv("BENCH_TOKEN");
        // HTTP/1.1: the JDK client's h2c upgrade of a large upload is refused by the server (GOAWAY)
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String readToken = System.getenv().getOrDefault("BENCH_READ_TOKEN", token);

        long rssBefore = rssKiB(pid);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
        volatile_stop[0] = false;
        Thread readers = new Thread(() -> {
            long start = System.nanoTime();
            for (long i = 0; !volatile_stop[0]; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                HttpRequest get = HttpRequest.newBuilder(URI.create(url + "/api/v1/leads?view=my-open&size=20"))
                        .header("Authorization", "Bearer " + readToken).timeout(readTimeout).GET().build();
                inFlight.add(http.sendAsync(get, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    if (e != null || r.statusCode() != 200) {
                        errors.incrementAndGet();
                    } else {
                        latencies.add(System.nanoTime() - due);
                    }
                }));
            }
        }, "readers");
        readers.setDaemon(true); // a failed run must not leave it reading
        readers.start();

        long started = System.nanoTime();
        HttpRequest upload = HttpRequest.newBuilder(URI.create(url + "/api/v1/lead-imports?duplicatePolicy=CREATE&fileName="
                        + file.getFileName())).header("Authorization", "Bearer " + token).header("Content-Type", type)
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<String> accepted = http.send(upload, HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("upload answered " + accepted.statusCode() + ": " + accepted.body());
        }
        long uploaded = System.nanoTime();
        String id = field(accepted.body(), "id");
        long rssMax = rssBefore;
        String status;
        int pollFailures = 0;
        while (true) {
            Thread.sleep(500);
            rssMax = Math.max(rssMax, rssKiB(pid));
            HttpResponse<String> polled = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/lead-imports/" + id))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (polled.statusCode() != 200) {
                // counted and shown, then polled again: the import goes on whatever its status read answered
                pollFailures++;
                System.out.printf(Locale.ROOT, "  poll answered %d: %s%n", polled.statusCode(), polled.body());
                continue;
            }
            status = polled.body();
            if (!"RUNNING".equals(field(status, "state"))) {
                break;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        volatile_stop[0] = true;
        readers.join();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();

        int created = Integer.parseInt(field(status, "created"));
        // the read model catches up after the import: until then a list of the import's leads is short
        double listed = Double.NaN;
        long listedTotal = -1;
        while ((System.nanoTime() - started) / 1e9 < seconds + 600) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/leads?view=all&size=1&count=exact&importId=" + id))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() == 200) {
                listedTotal = Long.parseLong(field(page.body(), "totalItems"));
                if (listedTotal >= created) {
                    listed = (System.nanoTime() - started) / 1e9;
                    break;
                }
            }
            Thread.sleep(500);
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "file %s (%,d bytes), import %s: %s%n", file.getFileName(), Files.size(file), id,
                field(status, "state"));
        System.out.printf(Locale.ROOT, "  rows read %s, created %,d, invalid %s; upload %.1f s; end to end %.1f s = %,.0f rows/s%n",
                field(status, "rowsRead"), created, field(status, "invalid"), (uploaded - started) / 1e9, seconds,
                created / seconds);
        System.out.printf(Locale.ROOT, "  lead-service RSS: %,d MiB before, %,d MiB at most, growth %,d MiB%n",
                rssBefore / 1024, rssMax / 1024, (rssMax - rssBefore) / 1024);
        System.out.printf(Locale.ROOT, "  GET /api/v1/leads at %d/s during the import: %,d answered, %d errors; p50 %.0f ms,"
                        + " p95 %.0f ms, p99 %.0f ms, max %.0f ms%n", rate, sorted.size(), errors.get(),
                ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99), ms(sorted, 1.0));
        System.out.printf(Locale.ROOT, "  import's status polls that failed: %d; lead_view showed all %,d leads %s%n",
                pollFailures, created, Double.isNaN(listed) ? "not within 10 min (" + listedTotal + " shown)"
                        : String.format(Locale.ROOT, "%.1f s after the upload began", listed));
    }

    private static final boolean[] volatile_stop = {false};

    private static double ms(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return fallback;
    }
}

package dev.crm.platform.web;

import dev.crm.platform.axon.EventJson;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jspecify.annotations.Nullable;

/**
 * What every request passes before it reaches a resource, on every service:
 * <ul>
 *   <li>its size before the body: the URI at most {@code crm.http.max-uri-length} (414), the headers at most
 *   {@code crm.http.max-header-size} (431). The HTTP server's own limits sit above these, so that the answer here is
 *   problem+json; past the server's it is the server's bare answer;</li>
 *   <li>its path: no {@code .} or {@code ..} segment, no encoded separator or dot, no control character (a path
 *   that some layer would resolve differently from another is refused, so a limit decided on it is the one applied);</li>
 *   <li>its query: well-formed percent-encoding, and every parameter text a read model can store ({@link TextRules});</li>
 *   <li>its body: at most {@code crm.http.max-body-size}, whether a length was declared (checked before a byte is
 *   read; the framing then ends the body there) or the body came chunked (counted as it is read); under
 *   {@code crm.http.upload-paths} (file uploads) the server's {@code quarkus.http.limits.max-body-size}.</li>
 * </ul>
 * Each refusal is problem+json: 400 naming the path or the parameter, 413, 414 and 431 with the limit.
 */
@ApplicationScoped
public class HttpGate {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize serverLimit;

    @ConfigProperty(name = "crm.http.max-body-size")
    MemorySize requestLimit;

    @ConfigProperty(name = "crm.http.upload-paths")
    Optional<List<String>> uploadPaths;

    @ConfigProperty(name = "crm.http.max-uri-length")
    int maxUriLength;

    @ConfigProperty(name = "crm.http.max-header-size")
    MemorySize maxHeaderSize;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::screen);
        // after Quarkus' own limit (order -2), before the REST layer: a chunked body is read here, counted as it comes
        BodyHandler body = BodyHandler.create(false).setBodyLimit(requestLimit.asLongValue());
        router.route().order(-1).handler(context -> {
            if (chunked(context.request()) && !upload(context.request().path())) {
                body.handle(context);
            } else {
                context.next();
            }
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() == 413) {
                tooLarge(context, null);
            } else {
                context.next();
            }
        });
    }

    /** The body this gate read, given to the REST layer as its entity (it would otherwise read the request again). */
    @ServerRequestFilter(preMatching = true)
    public void readBody(ContainerRequestContext request, RoutingContext routing) {
        if (routing.body().available() && routing.body().buffer() != null) {
            request.setEntityStream(
                    new ByteArrayInputStream(routing.body().buffer().getBytes()));
        }
    }

    private void screen(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.uri().length() > maxUriLength) {
            Problems.send(
                    context,
                    Problem.of(
                            414,
                            "uri-too-long",
                            "URI Too Long",
                            "The request's URI has " + request.uri().length() + " characters; at most " + maxUriLength
                                    + " are accepted"));
            return;
        }
        long headerBytes = headerBytes(request.headers());
        if (headerBytes > maxHeaderSize.asLongValue()) {
            Problems.send(
                    context,
                    Problem.of(
                            431,
                            "header-fields-too-large",
                            "Request Header Fields Too Large",
                            "The request's headers have " + headerBytes + " bytes; at most "
                                    + maxHeaderSize.asLongValue() + " are accepted"));
            return;
        }
        String pathProblem = pathProblem(request.path());
        if (pathProblem != null) {
            Problems.send(
                    context,
                    Problem.of(400, "invalid-path", "Bad Request", pathProblem)
                            .withErrors(List.of(new Problem.FieldError("path", pathProblem))));
            return;
        }
        Problem.FieldError queryProblem = queryProblem(request);
        if (queryProblem != null) {
            Problems.send(
                    context,
                    Problem.of(
                                    400,
                                    "invalid-request",
                                    "Bad Request",
                                    queryProblem.field() + " " + queryProblem.reason())
                            .withErrors(List.of(queryProblem)));
            return;
        }
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && tooLarge(declared, limitOf(request.path()))) {
            tooLarge(context, declared.strip());
            return;
        }
        context.next();
    }

    /** Why the raw path (as sent, still percent-encoded) is refused, or null. */
    static @Nullable String pathProblem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return null;
        }
        if (rawPath.indexOf('%') < 0 && rawPath.indexOf('\\') < 0 && !rawPath.contains("/.")) {
            return TextRules.refusal(rawPath, false); // the common case: nothing encoded, no dot segment
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\")) {
            return "must not contain an encoded or backslash path separator";
        }
        for (String segment : lower.split("/", -1)) {
            String decoded = segment.replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return "must not contain '.' or '..' segments";
            }
        }
        String decoded;
        try {
            decoded = java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "has a malformed percent-encoding";
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(decoded) || decoded.contains("\uFFFD")) {
            return "is not valid UTF-8 once decoded";
        }
        String refusal = TextRules.refusal(decoded, false);
        return refusal == null ? null : refusal;
    }

    /** The first query parameter whose name or value cannot be stored, or null. */
    static Problem.@Nullable FieldError queryProblem(HttpServerRequest request) {
        String query = request.query();
        if (query == null || query.isEmpty()) {
            return null;
        }
        MultiMap params;
        try {
            params = request.params();
        } catch (RuntimeException malformed) {
            return new Problem.FieldError("query", "has a malformed percent-encoding");
        }
        for (Map.Entry<String, String> param : params) {
            String name = TextRules.excerpt(param.getKey(), 50);
            String refusal = TextRules.refusal(param.getKey(), false);
            if (refusal == null) {
                refusal = param.getValue().contains("\uFFFD")
                                && !query.contains("%EF%BF%BD")
                                && !query.contains("%ef%bf%bd")
                        ? "is not valid UTF-8 once decoded"
                        : TextRules.refusal(param.getValue(), false);
            }
            if (refusal != null) {
                return new Problem.FieldError(java.util.Objects.requireNonNull(name), refusal);
            }
        }
        return null;
    }

    private static long headerBytes(MultiMap headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    private boolean upload(String path) {
        if (uploadPaths.isPresent()) {
            for (String upload : uploadPaths.get()) {
                if (path.startsWith(upload)) {
                    return true;
                }
            }
        }
        return false;
    }

    private long limitOf(String path) {
        return upload(path) ? serverLimit.asLongValue() : requestLimit.asLongValue();
    }

    /**
     * A body of no declared length, still to read: counted as it comes. A declared length was checked before (HTTP's
     * framing ends the body there); an ended request has nothing left to read.
     */
    private static boolean chunked(HttpServerRequest request) {
        return !request.isEnded()
                && request.getHeader(HttpHeaders.CONTENT_LENGTH) == null
                && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private void tooLarge(RoutingContext context, @Nullable String declared) {
        long max = limitOf(context.request().path());
        Problem problem = Problem.of(
                413,
                "payload-too-large",
                "Content Too Large",
                (declared == null
                                ? "The request body is larger than "
                                : "The request body has " + declared + " bytes; at most ")
                        + MemorySizes.text(max) + " (" + max + " bytes)"
                        + (declared == null ? " were read" : " are accepted"));
        // the rest of the body is never read: the connection cannot carry another request
        context.response()
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(ended -> context.request().connection().close());
        Problems.send(context, problem);
    }

    private static boolean tooLarge(String declared, long max) {
        try {
            return Long.parseLong(declared.strip()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Sizes as people write them: 1M, 64M, 512K. */
    static final class MemorySizes {
        static String text(long bytes) {
            if (bytes % (1024 * 1024) == 0) {
                return bytes / (1024 * 1024) + "M";
            }
            return bytes % 1024 == 0 ? bytes / 1024 + "K" : Long.toString(bytes);
        }
    }

    /** problem+json written straight to the response, for refusals made before the REST layer. */
    public static final class Problems {
        public static void send(RoutingContext context, Problem problem) {
            Problem withPath =
                    problem.withInstance(TextRules.excerpt(context.request().path(), 200));
            String body;
            try {
                body = EventJson.mapper().writeValueAsString(withPath);
            } catch (Exception e) {
                body = "{\"status\":" + problem.status() + ",\"code\":\"" + problem.code() + "\"}";
            }
            if (context.response().ended()) {
                return;
            }
            context.response()
                    .setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(body);
        }
    }
}

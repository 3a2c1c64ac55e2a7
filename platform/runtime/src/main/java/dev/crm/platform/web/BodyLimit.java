package dev.crm.platform.web;

import dev.crm.platform.axon.EventJson;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * A body declared larger than the limit is refused with 413 problem+json before it is read (Quarkus' own check
 * answers with an empty body). The limit is {@code crm.http.max-body-size} when set, except under the paths of
 * {@code crm.http.upload-paths} (file uploads), which have the HTTP server's {@code quarkus.http.limits.max-body-size}.
 * A chunked body without a length is cut at the server's limit, with a bare 413.
 */
@ApplicationScoped
public class BodyLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> limit;
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    String limitText;
    @ConfigProperty(name = "crm.http.max-body-size")
    Optional<MemorySize> requestLimit;
    @ConfigProperty(name = "crm.http.max-body-size", defaultValue = "unset")
    String requestLimitText;
    @ConfigProperty(name = "crm.http.upload-paths")
    Optional<List<String>> uploadPaths;

    void install(@Observes Router router) {
        if (limit.isEmpty()) {
            return;
        }
        long serverMax = limit.get().asLongValue();
        long requestMax = requestLimit.map(MemorySize::asLongValue).orElse(serverMax);
        List<String> uploads = uploadPaths.orElse(List.of());
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            String path = context.request().path();
            boolean upload = uploads.stream().anyMatch(path::startsWith);
            long max = upload ? serverMax : requestMax;
            String maxText = upload || requestLimit.isEmpty() ? limitText : requestLimitText;
            if (declared != null && tooLarge(declared, max)) {
                Problem problem = Problem.of(413, "payload-too-large", "Content Too Large",
                        "The request body has " + declared.strip() + " bytes; at most " + maxText + " ("
                                + max + " bytes) are accepted").withInstance(context.request().path());
                String body;
                try {
                    body = EventJson.mapper().writeValueAsString(problem);
                } catch (Exception e) {
                    body = "{\"status\":413,\"code\":\"payload-too-large\"}";
                }
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(body);
                return;
            }
            context.next();
        });
    }

    private static boolean tooLarge(String declared, long max) {
        try {
            return Long.parseLong(declared.strip()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

package dev.crm.platform.web;

import dev.crm.platform.axon.EventJson;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} is refused with 413 problem+json before it is
 * read (Quarkus' own check answers with an empty body). A chunked body without a length is still cut at the limit
 * by the HTTP server, with a bare 413.
 */
@ApplicationScoped
public class BodyLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> limit;
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    String limitText;

    void install(@Observes Router router) {
        if (limit.isEmpty()) {
            return;
        }
        long max = limit.get().asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && tooLarge(declared, max)) {
                Problem problem = Problem.of(413, "payload-too-large", "Content Too Large",
                        "The request body has " + declared.strip() + " bytes; at most " + limitText + " ("
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

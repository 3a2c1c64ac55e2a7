package dev.crm.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.messaging.Failures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as application/problem+json. Business refusals of a valid request are 409, everywhere. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response domain(DomainException e, UriInfo uri) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
        Problem problem = Problem.of(status, e.code(), title(status), e.getMessage());
        Object errors = e.details().get("errors");
        Map<String, Object> extensions = new java.util.LinkedHashMap<>(e.details());
        extensions.remove("errors");
        problem.extensions().putAll(extensions);
        if (errors instanceof List<?> list) {
            problem = problem.withErrors(list.stream()
                    .map(o -> (Map<?, ?>) o)
                    .map(m -> new Problem.FieldError(String.valueOf(m.get("field")), String.valueOf(m.get("reason"))))
                    .toList());
        }
        return respond(problem, uri);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(ProblemMappers::fieldError)
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.reason()).collect(Collectors.joining("; "));
        return respond(
                Problem.of(400, "invalid-request", "Invalid request", detail).withErrors(errors), uri);
    }

    /**
     * A body Jackson could not read, told in the API's terms: the field and what it must be, never a parser's message
     * or a Java class name.
     */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
        String message = String.valueOf(e.getOriginalMessage());
        String reason;
        if (e instanceof TextRules.Refused refused) {
            reason = refused.reason();
        } else if (e instanceof UnrecognizedPropertyException unknown) {
            field = field.isEmpty() ? unknown.getPropertyName() : field;
            reason = "is not a known field";
        } else if (message.startsWith("Duplicate field '")) {
            // strict duplicate detection: the same key twice would silently keep the last
            String name = message.substring(
                    "Duplicate field '".length(), message.indexOf('\'', "Duplicate field '".length()));
            field = field.isEmpty() ? name : field + "." + name;
            reason = "is given more than once";
        } else if (message.startsWith("Trailing token")) {
            field = "";
            reason = "the body has more after its JSON value; send exactly one JSON value";
        } else if (e instanceof MismatchedInputException mismatch && field.isEmpty()) {
            reason = "the body must be " + expected(mismatch.getTargetType());
        } else if (e instanceof InvalidFormatException format
                && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            reason = "must be one of "
                    + java.util.Arrays.toString(format.getTargetType().getEnumConstants());
        } else if (e instanceof MismatchedInputException mismatch) {
            reason = "must be " + expected(mismatch.getTargetType());
        } else if (message.contains("Invalid UTF-8") || message.contains("surrogate")) {
            reason = field.isEmpty() ? "the body is not valid UTF-8 text" + where(e) : "is not valid UTF-8 text";
        } else if (e instanceof JsonMappingException) {
            reason = "has the wrong type or shape";
        } else {
            reason = "the body is not valid JSON" + where(e);
        }
        Problem problem =
                Problem.of(400, "invalid-request", "Invalid request", (field.isEmpty() ? "" : field + " ") + reason);
        if (!field.isEmpty()) {
            problem = problem.withErrors(List.of(new Problem.FieldError(field, reason)));
        }
        return respond(problem, uri);
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    /** What a value of {@code type} looks like, in JSON terms. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "text";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == short.class
                || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == java.time.LocalDate.class) {
            return "a date such as 2026-12-31";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "a date and time with its offset, such as 2026-12-01T16:30:00Z";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        return "a JSON object";
    }

    /** More specific than Quarkus' built-in mapper for unparseable bodies, which answers plain JSON. */
    @ServerExceptionMapper
    public Response unparseable(com.fasterxml.jackson.core.JsonParseException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response patchBody(MergePatch.PatchBodyException e, UriInfo uri) {
        return json(java.util.Objects.requireNonNull(e.json()), uri);
    }

    @ServerExceptionMapper
    public Response command(CommandExecutionException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof DomainException domain) {
            return domain(domain, uri);
        }
        if (cause instanceof ConcurrencyException concurrency) {
            return concurrency(concurrency, uri);
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response notFound(AggregateNotFoundException e, UriInfo uri) {
        return respond(
                Problem.of(404, "not-found", title(404), "No record with id " + e.getAggregateIdentifier()), uri);
    }

    @ServerExceptionMapper
    public Response concurrency(ConcurrencyException e, UriInfo uri) {
        return respond(
                Problem.of(
                        409,
                        "concurrent-modification",
                        title(409),
                        "Another change to this record was saved at the same moment; read it again and retry."),
                uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(Problem.of(401, "unauthorized", title(401), "A valid bearer token is required"), uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return respond(
                Problem.of(401, "unauthorized", title(401), "The bearer token is missing, expired or invalid"), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "forbidden", title(403), "Your role does not allow this operation"), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        // a body the JSON reader could not read arrives wrapped: say what broke and where, not "HTTP 400 Bad Request"
        for (Throwable t = e.getCause(); status == 400 && t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json(json, uri);
            }
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String code = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
        return respond(Problem.of(status, code, title(status), e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (Failures.isUnavailable(e)) {
            return unavailable(e, uri);
        }
        LOG.error("Unexpected error on " + (uri == null ? "?" : uri.getPath()), e);
        return respond(
                Problem.of(
                        500, "internal-error", title(500), "The request could not be completed; it was not applied."),
                uri);
    }

    /** Kafka did not acknowledge in time (a repair's events): nothing is half-done, the same request works later. */
    @ServerExceptionMapper
    public Response kafkaUnavailable(dev.crm.platform.relay.KafkaEventRelay.RelayException e, UriInfo uri) {
        LOG.warnf("Kafka unreachable on %s: %s", uri == null ? "?" : uri.getPath(), Failures.reason(e));
        Problem problem = Problem.of(
                503,
                "kafka-unavailable",
                title(503),
                "Kafka did not acknowledge the events in time; retry in a few seconds.");
        return Response.fromResponse(respond(problem, uri))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .build();
    }

    /** The database is out of reach: a retry later will work, so the client is told when (no stack trace logged). */
    private static Response unavailable(Exception e, UriInfo uri) {
        LOG.warnf("Database unreachable on %s: %s", uri == null ? "?" : uri.getPath(), Failures.reason(e));
        Problem problem = Problem.of(
                503,
                "service-unavailable",
                title(503),
                "The service cannot reach its database just now; retry in a few seconds.");
        return Response.fromResponse(respond(problem, uri))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .build();
    }

    public static Response respond(Problem problem, UriInfo uri) {
        Problem withPath = uri == null ? problem : problem.withInstance(uri.getPath());
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(withPath)
                .build();
    }

    /** A violation on the body itself (a JSON null where an object is required) names the body. */
    private static Problem.FieldError fieldError(ConstraintViolation<?> violation) {
        String field = fieldOf(violation);
        return field.isEmpty()
                ? new Problem.FieldError("body", "must be a JSON object")
                : new Problem.FieldError(field, violation.getMessage());
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        // "create.request.address.city" -> "address.city": drop the method and parameter nodes
        List<String> names = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            String name = node.getName();
            if (name != null) {
                names.add(node.getIndex() != null ? name + "[" + node.getIndex() + "]" : name);
            }
        }
        return String.join(".", names);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }
}

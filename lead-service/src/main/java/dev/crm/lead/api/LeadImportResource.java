package dev.crm.lead.api;

import dev.crm.events.v1.lead.LeadSource;
import dev.crm.lead.importing.ImportFileException;
import dev.crm.lead.importing.ImportFormat;
import dev.crm.lead.importing.ImportJob;
import dev.crm.lead.importing.ImportSettings;
import dev.crm.lead.importing.ImportStore;
import dev.crm.lead.importing.LeadColumns;
import dev.crm.lead.importing.LeadImporter;
import dev.crm.lead.importing.RowConversion;
import dev.crm.lead.importing.RowSource;
import dev.crm.lead.query.LeadImportIssueRow;
import dev.crm.lead.query.LeadImportRow;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.query.Listing;
import dev.crm.platform.query.ReadModels;
import dev.crm.platform.security.Actor;
import dev.crm.platform.security.CurrentUser;
import dev.crm.platform.web.Inputs;
import dev.crm.platform.web.Problem;
import dev.crm.platform.web.ProblemMappers;
import dev.crm.platform.web.TextRules;
import io.quarkus.panache.common.Sort;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Lead imports from CSV, .xlsx and XML files: upload (202 and the import's address), status and counts, the rows
 * that failed or were skipped (JSON or CSV), the leads made ({@code /api/v1/leads?importId=}), and revert.
 */
@Path(LeadImportResource.BASE)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Actor.SALESPERSON, Actor.SALES_MANAGER})
@Tag(name = "Lead imports")
@SecurityRequirement(name = "jwt")
public class LeadImportResource {

    static final String BASE = "/api/v1/lead-imports";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String CSV = "text/csv";
    /** By row (a revert's KEPT leads, which have none, last), then as recorded. */
    private static final Sort ISSUE_ORDER = Sort.ascending("rowNumber", "seq");

    /** The state and counts of an import, and where to look next. */
    public record ImportStatus(
            String id,
            String state,
            String fileName,
            String format,
            String duplicatePolicy,
            String ownerId,
            String requestedBy,
            String leadSource,
            double progress,
            int rowsRead,
            int created,
            int skipped,
            int invalid,
            int reverted,
            int kept,
            String failure,
            Instant createdAt,
            Instant finishedAt,
            Instant revertedAt,
            Map<String, String> links) {

        static ImportStatus of(LeadImportRow r) {
            return new ImportStatus(
                    r.id,
                    r.state,
                    r.fileName,
                    r.format,
                    r.duplicatePolicy,
                    r.ownerId,
                    r.requestedBy,
                    r.leadSource,
                    Math.round(r.progress * 1000) / 1000.0,
                    r.rowsRead,
                    r.rowsCreated,
                    r.rowsSkipped,
                    r.rowsInvalid,
                    r.leadsReverted,
                    r.leadsKept,
                    r.failure,
                    r.createdAt,
                    r.finishedAt,
                    r.revertedAt,
                    Map.of(
                            "self",
                            BASE + "/" + r.id,
                            "errors",
                            BASE + "/" + r.id + "/errors",
                            "leads",
                            "/api/v1/leads?view=all&importId=" + r.id,
                            "revert",
                            BASE + "/" + r.id + "/revert"));
        }
    }

    /** A row that was not imported (INVALID, DUPLICATE), or a lead a revert kept (KEPT). */
    public record ImportIssue(Integer row, String kind, String field, String reason, String leadId) {
        static ImportIssue of(LeadImportIssueRow r) {
            return new ImportIssue(r.rowNumber, r.kind, r.field, r.reason, r.leadId);
        }
    }

    @Inject
    LeadImporter importer;

    @Inject
    ImportStore store;

    @Inject
    CurrentUser user;

    @Inject
    ImportSettings settings;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(
            summary =
                    "Import leads from a file part \"file\" (.csv, .xlsx or .xml, told by its type or name); 202 and the import's address")
    @Blocking
    public Response uploadForm(
            @RestForm("file") FileUpload file,
            @RestForm String duplicatePolicy,
            @RestForm String ownerId,
            @RestForm String leadSource,
            @RestForm String sheet,
            @RestForm String mapping,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey)
            throws IOException {
        if (file == null) {
            throw DomainException.invalid("file", "must be a file part named \"file\"");
        }
        if (file.size() > settings.maxFileSize().asLongValue()) {
            throw tooLarge(file.size());
        }
        java.nio.file.Path copy = Files.createTempFile("lead-import-", ".upload");
        Files.copy(file.uploadedFile(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return accept(
                copy,
                ImportFormat.detect(file.contentType(), file.fileName()),
                file.fileName(),
                new Options(duplicatePolicy, ownerId, leadSource, sheet, mapping),
                idempotencyKey);
    }

    @POST
    @Consumes({CSV, "application/csv", "application/xml", "text/xml", ImportFormat.XLSX_MEDIA_TYPE})
    @Operation(
            summary =
                    "Import leads from the request body, a file of the Content-Type's format; 202 and the import's address")
    @Blocking
    public Response uploadBody(
            InputStream body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @QueryParam("fileName") String fileName,
            @Parameter(description = "SKIP (default) or CREATE") @QueryParam("duplicatePolicy") String duplicatePolicy,
            @QueryParam("ownerId") String ownerId,
            @QueryParam("leadSource") String leadSource,
            @QueryParam("sheet") String sheet,
            @Parameter(description = "JSON object, column to lead field") @QueryParam("mapping") String mapping,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey)
            throws IOException {
        java.nio.file.Path copy = Files.createTempFile("lead-import-", ".upload");
        long limit = settings.maxFileSize().asLongValue();
        long size = 0;
        try (OutputStream out = Files.newOutputStream(copy)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) > 0; ) {
                size += n;
                if (size > limit) {
                    throw tooLarge(size);
                }
                out.write(buffer, 0, n);
            }
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        return accept(
                copy,
                ImportFormat.detect(contentType, fileName),
                fileName,
                new Options(duplicatePolicy, ownerId, leadSource, sheet, mapping),
                idempotencyKey);
    }

    private record Options(String duplicatePolicy, String ownerId, String leadSource, String sheet, String mapping) {}

    private Response accept(
            java.nio.file.Path file, ImportFormat format, String fileName, Options options, String idempotencyKey)
            throws IOException {
        RowSource rows = null;
        try {
            String key = TextRules.require(IDEMPOTENCY_KEY, Inputs.clean(idempotencyKey), false);
            if (key != null && key.length() > 200) {
                throw DomainException.invalid(IDEMPOTENCY_KEY, "must be at most 200 characters");
            }
            if (key != null) {
                var existing = store.byIdempotencyKey(user.userId(), key);
                if (existing.isPresent()) {
                    Files.deleteIfExists(file);
                    return accepted(existing.get());
                }
            }
            if (format == null) {
                throw new ImportFileException(
                        415,
                        "unsupported-media-type",
                        "An import file is CSV (text/csv),"
                                + " Excel (" + ImportFormat.XLSX_MEDIA_TYPE
                                + ") or XML (application/xml); for a multipart"
                                + " upload the part's type or its file name (.csv, .xlsx, .xml) tells");
            }
            ImportJob.DuplicatePolicy policy = policy(options.duplicatePolicy());
            String owner = Inputs.clean(options.ownerId()) == null ? user.userId() : Inputs.clean(options.ownerId());
            Actor actor = user.actor();
            if (!owner.equals(actor.userId())) {
                actor.requireManager("import leads for another owner");
            }
            LeadSource source = leadSource(options.leadSource());
            LeadColumns columns = LeadColumns.of(LeadColumns.mapping(options.mapping()));
            rows = format.open(
                    file,
                    options.sheet(),
                    settings.xlsx().maxPartSize().asLongValue(),
                    settings.xlsx().maxUnpackedSize().asLongValue());
            if (format != ImportFormat.XML) {
                columns.check(rows.columns());
            }
            String newId = UUID.randomUUID().toString();
            String id = store.start(new ImportStore.Started(
                    newId,
                    actor.userId(),
                    owner,
                    key,
                    Inputs.clean(fileName),
                    format.name(),
                    policy.name(),
                    source == null ? null : source.name(),
                    importer.instanceId(),
                    Files.size(file),
                    actor.manager(),
                    Inputs.clean(options.sheet()),
                    Inputs.clean(options.mapping())));
            if (!id.equals(newId)) {
                // a concurrent upload with the same key was first: this one is the same import
                rows.close();
                Files.deleteIfExists(file);
                return accepted(id);
            }
            // kept until the import ends, for the instance that resumes it if this one dies
            store.keepFile(id, file);
            importer.submit(
                    new ImportJob(id, actor, owner, policy, source, columns, rows, file), ImportJob.Resume.NONE);
            return accepted(id);
        } catch (RuntimeException | IOException e) {
            if (rows != null) {
                rows.close();
            }
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static Response accepted(String id) {
        return Response.accepted(Map.of("id", id, "self", BASE + "/" + id))
                .location(URI.create(BASE + "/" + id))
                .build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An import: state (RUNNING, COMPLETED, FAILED, REVERTING, REVERTED), progress, counts")
    public Uni<ImportStatus> get(@PathParam("id") String id) {
        return ReadModels.session(() -> visible(id).map(ImportStatus::of));
    }

    @GET
    @Operation(summary = "My imports (a sales manager's: everyone's), newest first")
    public Uni<List<ImportStatus>> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        Listing.Paging paging = Listing.Paging.of(page, size);
        boolean everyone = user.actor().manager();
        String caller = user.userId();
        return ReadModels.session(() -> (everyone
                        ? LeadImportRow.<LeadImportRow>findAll(Sort.descending("createdAt"))
                        : LeadImportRow.<LeadImportRow>find(
                                "requestedBy = ?1 or ownerId = ?1", Sort.descending("createdAt"), caller))
                .page(paging.page(), paging.size())
                .list()
                .map(rows -> rows.stream().map(ImportStatus::of).toList()));
    }

    /** What an issue is: a row not imported (INVALID, DUPLICATE), or a lead a revert KEPT. */
    public enum IssueKind {
        INVALID,
        DUPLICATE,
        KEPT
    }

    /** How many rows one page of the CSV download holds (a spreadsheet wants many; the JSON list pages like others). */
    static final int CSV_PAGE = 5_000;

    @GET
    @Path("/{id}/errors")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(
            summary =
                    "The rows not imported (INVALID with field and reason, DUPLICATE with the lead matched) and the leads a revert KEPT, page by page; JSON or CSV (Accept: text/csv, up to 5,000 rows a page, the total in X-Total-Count and the next page in Link). A reason quotes at most 200 characters of a cell")
    public Uni<Response> errors(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @Parameter(description = "INVALID, DUPLICATE or KEPT") @QueryParam("kind") String kind,
            @Parameter(description = "0-based") @QueryParam("page") String page,
            @Parameter(description = "1 to 200 (CSV: 1 to 5,000, default 5,000)") @QueryParam("size") String size) {
        boolean csv = accept != null && accept.contains(CSV) && !accept.contains(MediaType.APPLICATION_JSON);
        Listing.Paging paging = csv
                ? Listing.Paging.of(page, size, "exact", CSV_PAGE, CSV_PAGE)
                : Listing.Paging.of(page, size, "exact");
        IssueKind only = Listing.enumFilter("kind", kind, IssueKind.class);
        String where = only == null ? "importId = :importId" : "importId = :importId and kind = :kind";
        io.quarkus.panache.common.Parameters params = io.quarkus.panache.common.Parameters.with("importId", id);
        if (only != null) {
            params.and("kind", only.name());
        }
        return ReadModels.session(() -> visible(id)
                        .chain(found -> Listing.page(
                                () -> LeadImportIssueRow.<LeadImportIssueRow>find(where, ISSUE_ORDER, params),
                                LeadImportIssueRow.class,
                                where,
                                params,
                                ImportIssue::of,
                                paging)))
                .map(issues -> csv
                        ? csvPage(id, issues, only)
                        : Response.ok(issues, MediaType.APPLICATION_JSON).build());
    }

    private static Response csvPage(String id, Listing.Page<ImportIssue> issues, IssueKind kind) {
        Response.ResponseBuilder answer = Response.ok(csv(issues.items()), CSV + "; charset=UTF-8")
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"import-" + id + "-errors"
                                + (issues.page() == 0 ? "" : "-" + (issues.page() + 1)) + ".csv\"")
                .header("X-Total-Count", issues.totalItems());
        if (issues.page() + 1 < issues.totalPages()) {
            answer.header(
                    "Link",
                    "<" + BASE + "/" + id + "/errors?page=" + (issues.page() + 1) + "&size=" + issues.size()
                            + (kind == null ? "" : "&kind=" + kind) + ">; rel=\"next\"");
        }
        return answer.build();
    }

    @POST
    @Path("/{id}/revert")
    @Operation(
            summary =
                    "Delete the leads of the import that nobody changed since; the changed ones are kept and reported (KEPT). 202")
    @Blocking
    public Response revert(@PathParam("id") String id) {
        ImportStore.Summary summary = store.summary(id).orElseThrow(() -> notFound(id));
        Actor actor = user.actor();
        if (!actor.manager() && !actor.userId().equals(summary.requestedBy())) {
            throw new DomainException(
                    DomainException.Kind.FORBIDDEN,
                    "forbidden",
                    "Only the user who imported " + id + " or a sales manager may revert it");
        }
        if (!store.startRevert(id)) {
            String state = store.summary(id).map(ImportStore.Summary::state).orElse("unknown");
            throw new DomainException(
                    DomainException.Kind.CONFLICT,
                    "RUNNING".equals(state) ? "import-running" : "import-not-revertible",
                    "Import " + id + " is " + state + "; only a COMPLETED or FAILED import" + " is reverted",
                    Map.of("state", state));
        }
        importer.submitRevert(id, actor);
        return Response.accepted(Map.of("id", id, "self", BASE + "/" + id))
                .location(URI.create(BASE + "/" + id))
                .build();
    }

    @ServerExceptionMapper
    public Response importFile(ImportFileException e, UriInfo uri) {
        return ProblemMappers.respond(Problem.of(e.status(), e.code(), titleOf(e.status()), e.getMessage()), uri);
    }

    private Uni<LeadImportRow> visible(String id) {
        return visibleTo(user.actor(), id, "id");
    }

    /**
     * The import, if {@code actor} may see it: the user who imported it, the owner of its leads, or a sales manager.
     * Every route that shows an import, or what it made, asks this ({@code field} names the id in a refusal).
     */
    static Uni<LeadImportRow> visibleTo(Actor actor, String id, String field) {
        return LeadImportRow.<LeadImportRow>findById(id).map(row -> {
            if (row == null) {
                throw notFound(id);
            }
            if (!actor.manager()
                    && !actor.userId().equals(row.requestedBy)
                    && !actor.userId().equals(row.ownerId)) {
                throw new DomainException(
                        DomainException.Kind.FORBIDDEN,
                        "forbidden",
                        "Only the user who imported "
                                + id + ", the owner of its leads or a sales manager may see it or list its leads ("
                                + field + ")");
            }
            return row;
        });
    }

    private static DomainException notFound(String id) {
        return new DomainException(DomainException.Kind.NOT_FOUND, "not-found", "No lead import with id " + id);
    }

    private ImportFileException tooLarge(long size) {
        return new ImportFileException(
                413,
                "payload-too-large",
                "The file has more than " + size + " bytes; an" + " import file may have at most "
                        + settings.maxFileSize().asLongValue() + " bytes (crm.import.max-file-size)");
    }

    private static ImportJob.DuplicatePolicy policy(String text) {
        if (text == null || text.isBlank()) {
            return ImportJob.DuplicatePolicy.SKIP;
        }
        try {
            return ImportJob.DuplicatePolicy.valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("duplicatePolicy", "must be SKIP or CREATE");
        }
    }

    private static LeadSource leadSource(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LeadSource.valueOf(RowConversion.constantName(LeadSource.class, text));
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("leadSource", e.getMessage());
        }
    }

    private static String csv(List<ImportIssue> issues) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(
                out,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader("row", "kind", "field", "reason", "leadId")
                        .get())) {
            for (ImportIssue i : issues) {
                printer.printRecord(i.row(), i.kind(), i.field(), i.reason(), i.leadId());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }
}

package dev.crm.lead.importing;

import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.lead.domain.Commands;
import dev.crm.platform.axon.CommandSender;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.messaging.FailurePolicy;
import dev.crm.platform.messaging.Failures;
import dev.crm.platform.relay.KafkaEventRelay;
import dev.crm.platform.security.Actor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs imports and reverts in the background, one at a time per instance (a second waits its turn), on a thread of
 * its own so that the API's workers stay free. Leads are created in batches: one JTA transaction holds a batch's
 * commands (their events), the import's rows for them and its counts, so the counts always match what is stored.
 * Should a batch fail for a reason other than a transient one, its rows are created one by one, each on its own, and a
 * row that still fails is reported as invalid; every valid row is imported even when others fail.
 *
 * <p>An import survives its instance: the instance renews a lease on what it runs (and each batch renews it too); when
 * the lease lapses, any instance takes the import over and resumes it from its last committed batch, with the file
 * kept in the database. A batch commits only while its instance still holds the lease, so no row is imported twice.
 */
@ApplicationScoped
public class LeadImporter {

    private static final Logger LOG = Logger.getLogger(LeadImporter.class);
    static final String INVALID = "INVALID";
    static final String DUPLICATE = "DUPLICATE";
    static final String KEPT = "KEPT";

    @Inject
    ImportStore store;

    @Inject
    CommandGateway gateway;

    @Inject
    Validator validator;

    @Inject
    ImportSettings settings;

    @Inject
    LeadKeyIndex keyIndex;

    @Inject
    FailurePolicy policy;

    @Inject
    KafkaEventRelay relay;

    @ConfigProperty(name = "crm.instance.id")
    String instanceId;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "lead-import");
        thread.setDaemon(true);
        return thread;
    });

    private final java.util.concurrent.ScheduledExecutorService leases =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "lead-import-leases");
                thread.setDaemon(true);
                return thread;
            });

    void start(@Observes StartupEvent event) {
        long renew = Math.max(1, settings.lease().toMillis() / 3);
        leases.scheduleWithFixedDelay(
                () -> quietly("renew the import leases", store::renewLeases), renew, renew, TimeUnit.MILLISECONDS);
        long check = settings.leaseCheck().toMillis();
        leases.scheduleWithFixedDelay(
                () -> quietly("take over imports", this::takeOverLapsed), 0, check, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        leases.shutdownNow();
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        // what this instance ran is left to the others at once, not after the lease
        quietly("release the import leases", store::releaseLeases);
    }

    private static void quietly(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // the database may be away: the next round tries again, and a lapsed lease is taken over later
            LOG.warnf("Could not %s: %s", what, Failures.reason(e));
        }
    }

    /** Takes over every import and revert whose lease lapsed, each queued on this instance's worker. */
    void takeOverLapsed() {
        for (var taken = store.takeOverLapsed(); taken.isPresent(); taken = store.takeOverLapsed()) {
            ImportStore.TakenOver t = taken.get();
            Actor actor = new Actor(t.requestedBy(), t.requestedByManager());
            LOG.infof(
                    "Lead import %s: its instance stopped; %s resumes its %s",
                    t.id(), instanceId, "REVERTING".equals(t.state()) ? "revert" : "import after row " + t.rowsRead());
            if ("REVERTING".equals(t.state())) {
                submitRevert(t.id(), actor);
                continue;
            }
            try {
                var file = store.keptFile(t.id());
                if (file.isEmpty()) {
                    store.finish(
                            t.id(),
                            "FAILED",
                            "interrupted: the service stopped during the import, which kept no"
                                    + " copy of its file; the rows counted as read were imported");
                    continue;
                }
                ImportFormat format = ImportFormat.valueOf(t.format());
                RowSource rows = format.open(
                        file.get(),
                        t.sheet(),
                        settings.xlsx().maxPartSize().asLongValue(),
                        settings.xlsx().maxUnpackedSize().asLongValue());
                submit(
                        new ImportJob(
                                t.id(),
                                actor,
                                t.ownerId(),
                                ImportJob.DuplicatePolicy.valueOf(t.duplicatePolicy()),
                                t.leadSource() == null
                                        ? null
                                        : dev.crm.events.v1.lead.LeadSource.valueOf(t.leadSource()),
                                LeadColumns.of(LeadColumns.mapping(t.columnMapping())),
                                rows,
                                file.get()),
                        new ImportJob.Resume(t.rowsRead(), store.madeRows(t.id())));
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "Lead import %s could not be resumed", t.id());
                store.finish(
                        t.id(),
                        "FAILED",
                        "could not be resumed: " + Failures.reason(e).getMessage());
            }
        }
    }

    public String instanceId() {
        return store.holder();
    }

    public void submit(ImportJob job, ImportJob.Resume resume) {
        worker.execute(() -> run(job, resume));
    }

    public void submitRevert(String importId, Actor actor) {
        worker.execute(() -> revert(importId, actor));
    }

    private void run(ImportJob job, ImportJob.Resume resume) {
        RowConversion conversion = new RowConversion(validator, settings.defaultCurrency());
        ListPacing pacing = new ListPacing(
                settings.pacing().batchesAhead(), settings.pacing().maxWait(), store::listed, relay::isHealthy);
        long start = System.nanoTime();
        int read = 0;
        int total = 0;
        try (RowSource rows = job.rows()) {
            List<Pending> pending = new ArrayList<>();
            List<ImportStore.Issue> issues = new ArrayList<>();
            int invalid = 0;
            for (SourceRow row; (row = rows.next()) != null; ) {
                if (++total <= resume.rowsRead()) {
                    continue; // committed before the import was taken over
                }
                if (total > settings.maxRows()) {
                    flush(job, pending, issues, read, invalid, rows.progress());
                    store.finish(
                            job.importId(),
                            "FAILED",
                            "the file has more than " + settings.maxRows()
                                    + " rows (the limit of one import); the first " + settings.maxRows()
                                    + " were imported");
                    return;
                }
                read++;
                if (resume.madeRows().contains(row.number())) {
                    continue; // created one by one before the import was taken over: read, not made again
                }
                RowConversion.Result result = conversion.convert(job.columns().fields(row), job.leadSource());
                if (result.valid()) {
                    pending.add(new Pending(row.number(), UUID.randomUUID().toString(), result.details()));
                } else {
                    invalid++;
                    for (RowConversion.Problem problem : result.problems()) {
                        issues.add(
                                new ImportStore.Issue(row.number(), INVALID, problem.field(), problem.reason(), null));
                    }
                }
                if (pending.size() >= settings.batchSize() || issues.size() >= settings.batchSize()) {
                    pacing.committed(flush(job, pending, issues, read, invalid, rows.progress()));
                    read = 0;
                    invalid = 0;
                }
            }
            flush(job, pending, issues, read, invalid, 1.0);
            store.finish(job.importId(), "COMPLETED", null);
            LOG.infof(
                    "Lead import %s: %d rows in %d ms, of which %d ms waiting for the lead list to catch up",
                    job.importId(),
                    total,
                    Duration.ofNanos(System.nanoTime() - start).toMillis(),
                    pacing.waited().toMillis());
        } catch (ImportStore.LeaseLost lost) {
            // this instance was presumed dead (it did not renew in time): the import is another's now
            LOG.warnf(
                    "Lead import %s: taken over by another instance after %d rows; stopping here",
                    job.importId(), total);
        } catch (InterruptedException | FailurePolicy.LeftForNextStart e) {
            // the service stops: the import stays RUNNING and another instance (or this one, restarted) resumes it
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.infof("Lead import %s stopped with the service after %d rows", job.importId(), total);
        } catch (ImportFileException e) {
            store.finish(job.importId(), "FAILED", e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.errorf(e, "Lead import %s failed", job.importId());
            store.finish(
                    job.importId(), "FAILED", String.valueOf(Failures.reason(e).getMessage()));
        } finally {
            delete(job);
        }
    }

    private record Pending(int rowNumber, String leadId, LeadDetails details) {
        String emailKey() {
            return DuplicateKeys.emailKey(details);
        }

        String nameKey() {
            return DuplicateKeys.nameKey(details);
        }
    }

    /**
     * Creates the pending rows (less the duplicates, under SKIP) and records the batch; clears both lists. Answers the
     * id of the batch's last lead, null if it created none.
     */
    private String flush(
            ImportJob job,
            List<Pending> pending,
            List<ImportStore.Issue> issues,
            int read,
            int invalid,
            double progress) {
        List<Pending> creating = new ArrayList<>();
        int skipped = 0;
        if (job.policy() == ImportJob.DuplicatePolicy.SKIP && !pending.isEmpty()) {
            Map<String, String> existing = store.matches(
                    job.importId(),
                    ImportStore.distinct(pending.stream()
                            .map(Pending::emailKey)
                            .filter(k -> k != null)
                            .toList()),
                    ImportStore.distinct(pending.stream()
                            .map(Pending::nameKey)
                            .filter(k -> k != null)
                            .toList()));
            Map<String, String> inBatch = new HashMap<>();
            for (Pending p : pending) {
                String emailMatch =
                        p.emailKey() == null ? null : existing.getOrDefault(p.emailKey(), inBatch.get(p.emailKey()));
                String nameMatch =
                        p.nameKey() == null ? null : existing.getOrDefault(p.nameKey(), inBatch.get(p.nameKey()));
                if (emailMatch != null || nameMatch != null) {
                    skipped++;
                    issues.add(new ImportStore.Issue(
                            p.rowNumber(),
                            DUPLICATE,
                            emailMatch != null ? "email" : "lastName",
                            emailMatch != null
                                    ? "matches lead " + emailMatch + " by e-mail ("
                                            + p.details().email() + ")"
                                    : "matches lead " + nameMatch + " by first name, last name and company ("
                                            + p.details().firstName() + " "
                                            + p.details().lastName() + ", "
                                            + p.details().companyName() + ")",
                            emailMatch != null ? emailMatch : nameMatch));
                } else {
                    creating.add(p);
                    if (p.emailKey() != null) {
                        inBatch.putIfAbsent(p.emailKey(), p.leadId());
                    }
                    if (p.nameKey() != null) {
                        inBatch.putIfAbsent(p.nameKey(), p.leadId());
                    }
                }
            }
        } else {
            creating.addAll(pending);
        }
        int skippedRows = skipped;
        boolean claim = job.policy() == ImportJob.DuplicatePolicy.SKIP;
        String last;
        try {
            List<Pending> made =
                    committed("lead import " + job.importId() + ": batch of " + creating.size(), false, () -> {
                        List<Pending> rows = new ArrayList<>(creating);
                        List<ImportStore.Issue> rowIssues = new ArrayList<>(issues);
                        int duplicates = skippedRows + (claim ? claimKeys(rows, rowIssues) : 0);
                        inOneUnitOfWork(job.importId(), () -> rows.forEach(p -> create(job, p)));
                        store.recordBatch(
                                job.importId(),
                                made(job, rows),
                                rowIssues,
                                new ImportStore.Progress(read, rows.size(), duplicates, invalid, progress));
                        return rows;
                    });
            last = made.isEmpty() ? null : made.get(made.size() - 1).leadId();
        } catch (FailurePolicy.LeftForNextStart | ImportStore.LeaseLost stopping) {
            throw stopping;
        } catch (RuntimeException batchFailure) {
            if (Failures.isTransient(batchFailure)) {
                throw batchFailure; // the database stayed away past the retry horizon: the import fails, saying so
            }
            LOG.debugf(
                    batchFailure,
                    "Import %s: a batch of %d failed together; creating its rows one by one",
                    job.importId(),
                    creating.size());
            oneByOne(job, creating, issues, read, skippedRows, invalid, progress);
            // a batch created one by one may have left out its last row: not one to wait for
            last = null;
        }
        pending.clear();
        issues.clear();
        return last;
    }

    /**
     * Claims the rows' duplicate keys in the current transaction; a row whose key another lead holds (made by another
     * import, the API, or an import running at the same time) leaves {@code rows} and becomes a DUPLICATE issue.
     * Answers how many rows left.
     */
    private int claimKeys(List<Pending> rows, List<ImportStore.Issue> rowIssues) {
        Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
        rows.forEach(p -> keys.put(p.leadId(), LeadKeyIndex.keysOf(p.details())));
        Map<String, LeadKeyIndex.Taken> lost = keyIndex.claim(keys, true);
        rows.removeIf(p -> {
            LeadKeyIndex.Taken taken = lost.get(p.leadId());
            if (taken != null) {
                rowIssues.add(new ImportStore.Issue(
                        p.rowNumber(),
                        DUPLICATE,
                        LeadKeyIndex.fieldOf(taken.key()),
                        "matches lead " + taken.heldBy() + " by "
                                + ("email".equals(LeadKeyIndex.fieldOf(taken.key()))
                                        ? "e-mail (" + p.details().email() + ")"
                                        : "first name, last name and company ("
                                                + p.details().firstName() + " "
                                                + p.details().lastName() + ", "
                                                + p.details().companyName() + ")"),
                        taken.heldBy()));
            }
            return taken != null;
        });
        return lost.size();
    }

    /** One transaction, tried again as the failure policy says; the caller decides what a failure left over means. */
    private <T> T committed(String what, boolean retryUnknown, java.util.function.Supplier<T> transaction) {
        return policy.retrying(
                        what,
                        () -> io.smallrye.mutiny.Uni.createFrom()
                                .item(() -> QuarkusTransaction.requiringNew().call(transaction::get)),
                        retryUnknown)
                .await()
                .indefinitely();
    }

    private void oneByOne(
            ImportJob job,
            List<Pending> creating,
            List<ImportStore.Issue> issues,
            int read,
            int skipped,
            int invalid,
            double progress) {
        int failed = 0;
        boolean claim = job.policy() == ImportJob.DuplicatePolicy.SKIP;
        for (Pending p : creating) {
            try {
                List<ImportStore.Issue> rowIssues =
                        committed("lead import " + job.importId() + ": row " + p.rowNumber(), true, () -> {
                            List<Pending> row = new ArrayList<>(List.of(p));
                            List<ImportStore.Issue> found = new ArrayList<>();
                            int duplicate = claim ? claimKeys(row, found) : 0;
                            row.forEach(created -> create(job, created));
                            store.recordBatch(
                                    job.importId(),
                                    made(job, row),
                                    List.of(),
                                    new ImportStore.Progress(0, row.size(), duplicate, 0, 0));
                            return found;
                        });
                issues.addAll(rowIssues);
            } catch (FailurePolicy.LeftForNextStart | ImportStore.LeaseLost stopping) {
                throw stopping;
            } catch (RuntimeException e) {
                if (Failures.isTransient(e)) {
                    throw e;
                }
                failed++;
                Throwable reason = Failures.reason(e);
                String field =
                        reason instanceof DomainException d && d.details().get("field") instanceof String f ? f : null;
                issues.add(new ImportStore.Issue(
                        p.rowNumber(), INVALID, field, String.valueOf(reason.getMessage()), null));
            }
        }
        int refused = failed;
        List<ImportStore.Issue> rowIssues = new ArrayList<>(issues);
        // the duplicates found here were counted with their rows; only their issues are written now
        committed("lead import " + job.importId() + ": row issues", true, () -> {
            store.recordBatch(
                    job.importId(),
                    List.of(),
                    rowIssues,
                    new ImportStore.Progress(read, 0, skipped, invalid + refused, progress));
            return null;
        });
    }

    /**
     * The batch's commands as nested units of work of one: Axon appends all their events when the outer one commits,
     * in one JDBC batch, instead of one round trip to the database per lead.
     */
    private static void inOneUnitOfWork(String importId, Runnable commands) {
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(new GenericMessage<>(importId));
        try {
            batch.execute(commands);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void create(ImportJob job, Pending p) {
        CommandSender.send(
                gateway,
                new Commands.CreateLead(p.leadId(), job.ownerId(), p.details(), job.importId(), job.actor()),
                job.actor(),
                job.importId());
    }

    private static List<ImportStore.MadeLead> made(ImportJob job, List<Pending> created) {
        // the keys serve only SKIP's look-up of the leads this import made so far: not indexed for nothing under CREATE
        boolean keyed = job.policy() == ImportJob.DuplicatePolicy.SKIP;
        return created.stream()
                .map(p -> new ImportStore.MadeLead(
                        p.leadId(), keyed ? p.emailKey() : null, keyed ? p.nameKey() : null, p.rowNumber()))
                .toList();
    }

    /**
     * Deletes the import's leads that nobody changed since (a lead whose only event is its creation); a lead that
     * changed is kept and reported. Read in pages from the import's own list of leads, from where a revert interrupted
     * before had come.
     */
    private void revert(String importId, Actor actor) {
        try {
            int after = store.revertThroughSeq(importId);
            while (true) {
                Map<Integer, String> page = store.leads(importId, after, settings.batchSize());
                if (page.isEmpty()) {
                    break;
                }
                for (int seq : page.keySet()) {
                    after = Math.max(after, seq);
                }
                revertPage(importId, actor, new ArrayList<>(page.values()), after);
            }
            store.finish(importId, "REVERTED", null);
        } catch (ImportStore.LeaseLost lost) {
            LOG.warnf("Revert of lead import %s: taken over by another instance; stopping here", importId);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Revert of lead import %s failed", importId);
            store.transition(importId, List.of("REVERTING"), "COMPLETED");
            store.finish(
                    importId,
                    "COMPLETED",
                    "the revert failed (" + Failures.reason(e).getMessage() + "); revert again to finish it");
        }
    }

    private void revertPage(String importId, Actor actor, List<String> leadIds, int throughSeq) {
        Map<String, Long> events = store.eventCounts(leadIds);
        List<String> untouched = new ArrayList<>();
        List<ImportStore.Issue> kept = new ArrayList<>();
        int alreadyDeleted = 0;
        for (String leadId : leadIds) {
            long count = events.getOrDefault(leadId, 0L);
            if (count == 1) {
                untouched.add(leadId);
            } else if (count > 1 && !deletedBy(leadId, count)) {
                kept.add(new ImportStore.Issue(
                        null, KEPT, null, "changed since the import (" + count + " events); kept", leadId));
            } else {
                alreadyDeleted++;
            }
        }
        int reverted = untouched.size();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                untouched.forEach(id -> delete(importId, actor, id));
                store.recordRevert(importId, reverted, kept, throughSeq);
            });
        } catch (ImportStore.LeaseLost lost) {
            throw lost;
        } catch (RuntimeException batchFailure) {
            if (Failures.isTransient(batchFailure)) {
                throw batchFailure;
            }
            int done = 0;
            for (String leadId : untouched) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> delete(importId, actor, leadId));
                    done++;
                } catch (RuntimeException e) {
                    if (Failures.isTransient(e)) {
                        throw e;
                    }
                    kept.add(new ImportStore.Issue(
                            null, KEPT, null, String.valueOf(Failures.reason(e).getMessage()), leadId));
                }
            }
            int deleted = done;
            QuarkusTransaction.requiringNew().run(() -> store.recordRevert(importId, deleted, kept, throughSeq));
        }
        if (alreadyDeleted > 0) {
            LOG.debugf("Revert of %s: %d leads were deleted already", importId, alreadyDeleted);
        }
    }

    /** A lead of two events whose second is its deletion: a revert that ran before and was interrupted. */
    private boolean deletedBy(String leadId, long count) {
        return count == 2 && store.lastEventType(leadId).endsWith("LeadDeleted");
    }

    private void delete(String importId, Actor actor, String leadId) {
        CommandSender.send(gateway, new Commands.DeleteImportedLead(leadId, importId, actor), actor, importId);
    }

    private static void delete(ImportJob job) {
        try {
            Files.deleteIfExists(job.file());
        } catch (IOException e) {
            LOG.warnf("Cannot delete the uploaded file %s: %s", job.file(), e.getMessage());
        }
    }
}

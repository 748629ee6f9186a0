package io.slaguard.manager.assessment;

import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.slaguard.manager.logging.LogText;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.KeyState;
import io.slaguard.protocol.Durations;

/**
 * One tick over all started agreements: each agreement is assessed on a fixed pool of {@code parallelism}
 * threads, all at the same tick instant. An agreement gets {@code agreementDeadline} from the moment its
 * assessment starts; past it, its outcome is "every guarantee unknown" (nothing fires, key states unchanged) and
 * its thread is interrupted, so one slow or hung agreement holds one thread for at most its deadline and delays
 * no other. Per-query timeouts bound each query anyway; the deadline bounds an agreement with many guarantees.
 * Each outcome can be handed over as soon as it is known, so what one agreement found never waits for the slowest.
 */
public final class AssessmentRound implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(AssessmentRound.class);
    /**
     * The MDC key every log line of one agreement's assessment carries (assessing, recording, delivering its
     * outcome): {@code [agreement=<id>]} in the plain console format, a field in the structured ones.
     */
    public static final String MDC_AGREEMENT = "agreement";

    private final Assessor assessor;
    private final Duration agreementDeadline;
    private final ExecutorService pool;
    private final ScheduledExecutorService watchdog;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

    /**
     * An agreement whose outcome the running round still waits for: {@code outcome} is settled once, by whoever
     * comes first (its worker, its deadline, close()); {@code delivered} completes when the callback has returned.
     */
    private record Pending(CompletableFuture<AgreementOutcome> outcome, CompletableFuture<AgreementOutcome> delivered,
                           Consumer<AgreementOutcome> onOutcome, Agreement agreement, List<KeyState> previous,
                           Instant tick) {
    }

    public AssessmentRound(Assessor assessor, int parallelism, Duration agreementDeadline) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("assessment parallelism must be at least 1, got " + parallelism);
        }
        if (agreementDeadline == null || agreementDeadline.isNegative() || agreementDeadline.isZero()) {
            throw new IllegalArgumentException("agreement deadline must be positive, got " + agreementDeadline);
        }
        this.assessor = assessor;
        this.agreementDeadline = agreementDeadline;
        this.pool = Executors.newFixedThreadPool(parallelism, daemonThreads("assessment"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemonThreads("assessment-deadline"));
    }

    /**
     * @return one outcome per agreement, in the order given
     */
    public List<AgreementOutcome> run(List<Agreement> started, Map<String, List<KeyState>> previousByAgreementId,
                                      Instant tick) {
        return run(started, previousByAgreementId, tick, outcome -> { });
    }

    /**
     * Like {@link #run(List, Map, Instant)}, and hands each outcome to {@code onOutcome} as soon as it is known: on
     * the agreement's worker when its assessment ends, on the deadline thread when its deadline passes, on the
     * closing thread when the round is closed. Calls for different agreements may run at the same time; an
     * exception from {@code onOutcome} is logged and does not affect the round.
     *
     * @return one outcome per agreement, in the order given, once every {@code onOutcome} call has returned
     */
    public List<AgreementOutcome> run(List<Agreement> started, Map<String, List<KeyState>> previousByAgreementId,
                                      Instant tick, Consumer<AgreementOutcome> onOutcome) {
        List<CompletableFuture<AgreementOutcome>> outcomes = new ArrayList<>(started.size());
        for (Agreement agreement : started) {
            List<KeyState> previous = previousByAgreementId.getOrDefault(agreement.id(), List.of());
            outcomes.add(submit(agreement, previous, tick, onOutcome));
        }
        return outcomes.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<AgreementOutcome> submit(Agreement agreement, List<KeyState> previous, Instant tick,
                                                       Consumer<AgreementOutcome> onOutcome) {
        Pending waiting = new Pending(new CompletableFuture<>(), new CompletableFuture<>(), onOutcome, agreement,
                previous, tick);
        pending.add(waiting);
        waiting.outcome().whenComplete((done, failure) -> pending.remove(waiting));
        AtomicReference<FutureTask<Void>> work = new AtomicReference<>();
        work.set(new FutureTask<>(() -> {
            MDC.put(MDC_AGREEMENT, agreement.id());
            try {
                assessWithDeadline(waiting, work);
            } finally {
                MDC.remove(MDC_AGREEMENT);
            }
            return null;
        }));
        try {
            pool.execute(work.get());
        } catch (RejectedExecutionException e) {
            pending.remove(waiting);
            throw new IllegalStateException("the assessment round is closed", e);
        }
        return waiting.delivered();
    }

    /** Assesses on this worker; the watchdog settles the outcome as unknown if the deadline passes first. */
    private void assessWithDeadline(Pending waiting, AtomicReference<FutureTask<Void>> work) {
        Agreement agreement = waiting.agreement();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            MDC.put(MDC_AGREEMENT, agreement.id());
            try {
                String reason = "assessment did not finish within " + Durations.toSecondsText(agreementDeadline)
                        + " s";
                AgreementOutcome unknown = assessor.unassessed(agreement, waiting.previous(), waiting.tick(), reason);
                if (waiting.outcome().complete(unknown)) {
                    log.warn("agreement {}: {}", LogText.escape(agreement.id()), reason);
                    work.get().cancel(true);
                    deliver(waiting, unknown);
                }
            } finally {
                MDC.remove(MDC_AGREEMENT);
            }
        }, agreementDeadline.toNanos(), TimeUnit.NANOSECONDS);
        AgreementOutcome assessed = null;
        try {
            assessed = assessor.assess(agreement, waiting.previous(), waiting.tick());
        } catch (RuntimeException | StackOverflowError e) {
            log.error("assessing agreement {} failed", LogText.escape(agreement.id()), e);
        } finally {
            alarm.cancel(false);
            // whatever went wrong, the round gets an outcome: it must never wait forever
            settle(waiting, assessed != null ? assessed : new AgreementOutcome(agreement, List.of(), waiting.previous(),
                    List.of("assessment failed with an internal error, see the log"), Map.of()));
        }
    }

    /** Settles the agreement's outcome unless its deadline or close() did first, then hands it over. */
    private static void settle(Pending waiting, AgreementOutcome outcome) {
        if (waiting.outcome().complete(outcome)) {
            deliver(waiting, outcome);
        }
    }

    private static void deliver(Pending waiting, AgreementOutcome outcome) {
        try {
            waiting.onOutcome().accept(outcome);
        } catch (RuntimeException e) {
            log.error("handling the outcome of agreement {} failed", LogText.escape(waiting.agreement().id()), e);
        } finally {
            waiting.delivered().complete(outcome);
        }
    }

    /** Stops the pool; a round still running returns at once, its unfinished agreements unknown. */
    @Override
    public void close() {
        pool.shutdownNow();
        watchdog.shutdownNow();
        for (Pending waiting : List.copyOf(pending)) {
            MDC.put(MDC_AGREEMENT, waiting.agreement().id());
            try {
                settle(waiting, assessor.unassessed(waiting.agreement(), waiting.previous(), waiting.tick(),
                        "assessment stopped: the manager is shutting down"));
            } finally {
                MDC.remove(MDC_AGREEMENT);
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

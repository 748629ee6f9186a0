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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.KeyState;

/**
 * One tick over all started agreements: each agreement is assessed on a fixed pool of {@code parallelism}
 * threads, all at the same tick instant. An agreement gets {@code agreementDeadline} from the moment its
 * assessment starts; past it, its outcome is "every guarantee unknown" (nothing fires, key states unchanged) and
 * its thread is interrupted, so one slow or hung agreement holds one thread for at most its deadline and delays
 * no other. Per-query timeouts bound each query anyway; the deadline bounds an agreement with many guarantees.
 */
public final class AssessmentRound implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(AssessmentRound.class);

    private final Assessor assessor;
    private final Duration agreementDeadline;
    private final ExecutorService pool;
    private final ScheduledExecutorService watchdog;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

    /** An agreement whose outcome the running round still waits for. */
    private record Pending(CompletableFuture<AgreementOutcome> outcome, Agreement agreement, List<KeyState> previous,
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
        List<CompletableFuture<AgreementOutcome>> outcomes = new ArrayList<>(started.size());
        for (Agreement agreement : started) {
            List<KeyState> previous = previousByAgreementId.getOrDefault(agreement.id(), List.of());
            outcomes.add(submit(agreement, previous, tick));
        }
        return outcomes.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<AgreementOutcome> submit(Agreement agreement, List<KeyState> previous, Instant tick) {
        CompletableFuture<AgreementOutcome> outcome = new CompletableFuture<>();
        Pending waiting = new Pending(outcome, agreement, previous, tick);
        pending.add(waiting);
        outcome.whenComplete((done, failure) -> pending.remove(waiting));
        AtomicReference<FutureTask<Void>> work = new AtomicReference<>();
        work.set(new FutureTask<>(() -> {
            ScheduledFuture<?> alarm = watchdog.schedule(() -> {
                String reason = "assessment did not finish within " + Durations.toSecondsText(agreementDeadline)
                        + " s";
                if (outcome.complete(assessor.unassessed(agreement, previous, tick, reason))) {
                    log.warn("agreement {}: {}", agreement.id(), reason);
                    work.get().cancel(true);
                }
            }, agreementDeadline.toNanos(), TimeUnit.NANOSECONDS);
            try {
                outcome.complete(assessor.assess(agreement, previous, tick));
            } catch (RuntimeException | StackOverflowError e) {
                log.error("assessing agreement {} failed", agreement.id(), e);
            } finally {
                alarm.cancel(false);
                // whatever went wrong, the round gets an outcome: it must never wait forever
                outcome.complete(new AgreementOutcome(agreement, List.of(), previous,
                        List.of("assessment failed with an internal error, see the log")));
            }
            return null;
        }));
        try {
            pool.execute(work.get());
        } catch (RejectedExecutionException e) {
            pending.remove(waiting);
            throw new IllegalStateException("the assessment round is closed", e);
        }
        return outcome;
    }

    /** Stops the pool; a round still running returns at once, its unfinished agreements unknown. */
    @Override
    public void close() {
        pool.shutdownNow();
        watchdog.shutdownNow();
        for (Pending waiting : List.copyOf(pending)) {
            waiting.outcome().complete(assessor.unassessed(waiting.agreement(), waiting.previous(), waiting.tick(),
                    "assessment stopped: the manager is shutting down"));
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

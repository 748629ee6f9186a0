package io.slaguard.manager.loop;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.slaguard.manager.assessment.AgreementOutcome;
import io.slaguard.manager.assessment.AssessmentRound;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.GuaranteeAssessment;
import io.slaguard.manager.model.GuaranteeState;
import io.slaguard.manager.model.KeyState;
import io.slaguard.manager.model.Violation;
import io.slaguard.manager.logging.LogText;
import io.slaguard.manager.notify.OutboxDispatcher;
import io.slaguard.manager.store.AgreementRepository;
import io.slaguard.manager.store.AgreementRepository.StoredAgreement;
import io.slaguard.manager.store.AssessmentRecorder;
import io.slaguard.manager.store.AssessorLease;
import io.slaguard.manager.store.HistoryPruner;
import io.slaguard.manager.store.StorableText;

/**
 * The assessment loop: one thread, a tick starting every {@code checkPeriod} (fixed rate: a tick that overruns is
 * followed at once by the next, missed ticks are not caught up), the first at start-up.
 * A tick expires agreements and assesses every started one at one instant. Each agreement's outcome is stored in
 * one transaction (assessment, key states, violations, outbox) as soon as that agreement is assessed, on the
 * round's thread that finished it, and the outbox dispatcher is woken right after that commit, so a violation
 * found early never waits for the slowest agreement of the tick. Different agreements commit concurrently, each
 * its own transaction on its own rows.
 */
public class AssessmentLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AssessmentLoop.class);

    private final AgreementRepository agreements;
    private final AssessmentRecorder recorder;
    private final AssessmentRound round;
    private final OutboxDispatcher dispatcher;
    private final Notifiers notifiers;
    private final LoopMetrics metrics;
    private final Clock clock;
    private final Duration checkPeriod;
    private final Duration groupRetention;
    private final HistoryPruner pruner;
    private final AssessorLease lease;
    private final Duration historyRetention;
    private final boolean enabled;
    private volatile TickStatus lastTick;
    /** The current tick's keys the store cannot hold, described; filled by the round's threads. */
    private final Set<String> unstorableKeys = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService scheduler;
    /** Pushgateway groups and history pruning, apart from the ticks so neither delays an assessment. */
    private ScheduledExecutorService housekeeping;

    public AssessmentLoop(AgreementRepository agreements, AssessmentRecorder recorder, AssessmentRound round,
                          OutboxDispatcher dispatcher, Notifiers notifiers, LoopMetrics metrics, Clock clock,
                          Duration checkPeriod, Duration groupRetention, HistoryPruner pruner,
                          Duration historyRetention, AssessorLease lease, boolean enabled) {
        this.agreements = agreements;
        this.recorder = recorder;
        this.round = round;
        this.dispatcher = dispatcher;
        this.notifiers = notifiers;
        this.metrics = metrics;
        this.clock = clock;
        this.checkPeriod = checkPeriod;
        this.groupRetention = groupRetention;
        this.pruner = pruner;
        this.historyRetention = historyRetention;
        this.lease = lease;
        this.enabled = enabled;
    }

    /** Started with the application unless assessment is disabled (API only). */
    @Override
    public boolean isAutoStartup() {
        return enabled;
    }

    @Override
    public synchronized void start() {
        scheduler = singleThread("assessment-loop");
        new FixedRateTicker(scheduler, checkPeriod, System::nanoTime, this::tick).start();
        housekeeping = singleThread("housekeeping");
        long pruneEvery = Math.max(1000, Math.min(historyRetention.toMillis() / 10, Duration.ofHours(1).toMillis()));
        housekeeping.scheduleWithFixedDelay(this::pruneHistory, pruneEvery, pruneEvery, TimeUnit.MILLISECONDS);
        notifiers.pushgateway().ifPresent(pushgateway -> {
            long every = Math.max(1000, Math.min(groupRetention.toMillis() / 2, Duration.ofMinutes(5).toMillis()));
            housekeeping.scheduleWithFixedDelay(() -> {
                try {
                    pushgateway.deleteQuietGroups(groupRetention);
                } catch (IOException | RuntimeException e) {
                    log.warn("deleting quiet Pushgateway groups failed (retried later): {}", e.getMessage());
                }
            }, every, every, TimeUnit.MILLISECONDS);
        });
        log.info("assessment loop started: every {} (first tick now), channels {}", checkPeriod, notifiers.channels());
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        housekeeping.shutdownNow();
        scheduler.shutdown();
        try {
            // a tick in progress finishes its transaction; nothing half-written either way
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        scheduler = null;
        housekeeping = null;
        lease.close();
        dispatcher.close();
        log.info("assessment loop stopped");
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    private void pruneHistory() {
        try {
            int deleted = pruner.prune(clock.instant().minus(historyRetention));
            if (deleted > 0) {
                log.info("deleted {} violations older than {}", deleted, historyRetention);
            }
        } catch (RuntimeException e) {
            log.warn("pruning the violation history failed (retried later): {}", e.getMessage());
        }
    }

    private static ScheduledExecutorService singleThread(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        // the next tick waits as a delayed task; a stopping loop drops it instead of waiting for it
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** The last tick's view of the metrics source, null before the first tick. */
    public TickStatus lastTick() {
        return lastTick;
    }

    /** One tick; public so an operator tool or a test can run one at a chosen instant. Never throws. */
    public void tick() {
        Instant tick = clock.instant();
        try {
            if (!lease.acquire()) {
                // another manager on the same database assesses and delivers; this one serves the API
                metrics.standby();
                return;
            }
            dispatcher.start();
            List<String> expired = agreements.terminateExpired(tick);
            if (!expired.isEmpty()) {
                log.info("agreements past their expiration terminated: {}", expired);
            }
            List<Agreement> started = agreements.listInState(AgreementState.started).stream()
                    .map(StoredAgreement::agreement).toList();
            Map<String, List<KeyState>> previous = agreements.keyStates(started.stream().map(Agreement::id).toList());
            long begin = System.nanoTime();
            unstorableKeys.clear();
            List<AgreementOutcome> outcomes = round.run(started, previous, tick, this::storeAndNotify);
            metrics.assessed(outcomes, tick, Duration.ofNanos(System.nanoTime() - begin));
            lastTick = status(tick, outcomes, List.copyOf(unstorableKeys));
        } catch (RuntimeException e) {
            log.error("assessment tick at {} failed; the next tick retries", tick, e);
        }
    }

    /** Called by the round for each agreement as it finishes, possibly for several agreements at once. */
    private void storeAndNotify(AgreementOutcome outcome) {
        if (store(outcome) > 0) {
            dispatcher.wakeUp();
        }
    }

    /** Stores one outcome; returns the number of violations it fired. */
    private int store(AgreementOutcome outcome) {
        String id = outcome.agreement().id();
        List<KeyState> keyStates = outcome.keyStates().stream()
                .filter(k -> storable(id, k.guarantee(), k.key(), k.key())).toList();
        List<Violation> fired = outcome.fired().stream()
                .filter(v -> storable(id, v.guarantee(), v.key(), v.key())
                        && storable(id, v.guarantee(), v.key(), v.resource())).toList();
        try {
            if (!recorder.record(id, outcome.agreement().assessment(), keyStates, fired, notifiers.channels())) {
                log.debug("agreement {} was deleted during the tick; its outcome is dropped", LogText.escape(id));
                return 0;
            }
        } catch (RuntimeException e) {
            log.error("storing the assessment of agreement {} failed; nothing of it was kept", LogText.escape(id), e);
            return 0;
        }
        metrics.fired(fired);
        if (!outcome.errors().isEmpty()) {
            log.debug("agreement {}: {}", LogText.escape(id), LogText.escape(outcome.errors()));
        }
        return fired.size();
    }

    /**
     * Whether a label value of a key can be stored; if not, the key is reported (log, metric, health) and left
     * out of the outcome, whose other keys are stored and delivered as usual.
     */
    private boolean storable(String agreementId, String guarantee, String key, String value) {
        Optional<String> problem = StorableText.problem(value);
        if (problem.isEmpty()) {
            return true;
        }
        String described = "agreement " + LogText.escape(agreementId) + " guarantee " + LogText.escape(guarantee)
                + " key " + LogText.escape(key) + ": " + problem.get();
        if (!unstorableKeys.add(described)) {
            return false;
        }
        metrics.unstorableKey(agreementId, guarantee);
        log.warn("a key cannot be stored and is left out of this tick's outcome (the others are kept): {}", described);
        return false;
    }

    private static TickStatus status(Instant tick, List<AgreementOutcome> outcomes, List<String> unstorable) {
        int unknown = 0;
        List<String> errors = new ArrayList<>();
        for (AgreementOutcome outcome : outcomes) {
            if (outcome.agreement().assessment() != null) {
                for (GuaranteeAssessment g : outcome.agreement().assessment().guarantees().values()) {
                    if (g.state() == GuaranteeState.unknown) {
                        unknown++;
                    }
                }
            }
            errors.addAll(outcome.errors());
        }
        return new TickStatus(tick, unknown, firstTen(errors), unstorable.size(), firstTen(unstorable));
    }

    private static List<String> firstTen(List<String> items) {
        return items.size() > 10 ? items.subList(0, 10) : items;
    }
}

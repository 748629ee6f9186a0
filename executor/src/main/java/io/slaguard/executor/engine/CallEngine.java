package io.slaguard.executor.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.executor.api.AttemptProfile;
import io.slaguard.executor.api.AttemptState;
import io.slaguard.executor.api.CallFailedException;
import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallState;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.executor.api.CostLimitExceededException;
import io.slaguard.executor.api.InputSize;
import io.slaguard.executor.backend.AttemptOutcome;
import io.slaguard.executor.backend.AttemptRequest;
import io.slaguard.executor.backend.Backend;
import io.slaguard.executor.telemetry.CallGroup;
import io.slaguard.executor.telemetry.LifecycleTelemetry;
import io.slaguard.protocol.Ids;
import io.slaguard.remediation.RemediationActions.ActionResult;

/**
 * Runs the calls of one executor instance: queues attempts on a bounded worker pool, records every attempt,
 * publishes lifecycle telemetry, and applies the remediation decisions (backup, re-invoke, cancel).
 * A call's future completes exactly once: with the first successful attempt's result, with the last failure
 * when no attempt is left, or with a {@link CostLimitExceededException} when the instance is cancelled.
 */
public final class CallEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallEngine.class);

    private final String instance;
    private final String executorId;
    private final Backend backend;
    private final LifecycleTelemetry telemetry;
    private final AttemptProfiler profiler;
    private final InputSize inputSize;
    private final Clock clock;
    private final int maxAttempts;
    private final ThreadPoolExecutor workers;
    private final Map<String, CallRecord> calls = new ConcurrentSkipListMap<>();
    private final AtomicInteger jobCounter = new AtomicInteger();
    private final AtomicLong taskSequence = new AtomicLong();
    private volatile String cancelledReason;

    public CallEngine(String instance, int executorNumber, Backend backend, LifecycleTelemetry telemetry,
                      AttemptProfiler profiler, InputSize inputSize, Clock clock, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
        this.instance = Ids.requireInstance(instance);
        this.executorId = Ids.executorId(instance, executorNumber);
        this.backend = backend;
        this.telemetry = telemetry;
        this.profiler = profiler;
        this.inputSize = inputSize;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(backend.concurrency(), backend.concurrency(), 30, TimeUnit.SECONDS,
                new PriorityBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "call-worker-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        workers.allowCoreThreadTimeOut(true);
    }

    public String instance() {
        return instance;
    }

    public String executorId() {
        return executorId;
    }

    /** Reserves the next job id of this executor (one counter for every kind, as Lithops numbers them). */
    public Ids.JobRef reserveJob(Ids.JobKind kind) {
        refuseIfCancelled();
        return Ids.job(executorId, kind, jobCounter.getAndIncrement());
    }

    /** Registers the calls of a job without starting them (a reduce waiting for its map). */
    public List<String> registerJob(Ids.JobRef job, CallFunction function, int calls, int memoryMb) {
        validate(function, calls, memoryMb);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String callId = job.call(i).callId();
            this.calls.put(callId, new CallRecord(callId, job.jobId(), function, null, memoryMb));
            ids.add(callId);
        }
        return ids;
    }

    /**
     * Starts the registered calls of a job with their inputs: pushes the job group, then queues every call's
     * first attempt.
     */
    public void startJob(Ids.JobRef job, List<String> callIds, List<String> inputs) {
        if (inputs.size() != callIds.size() || inputs.stream().anyMatch(input -> input == null)) {
            throw new IllegalArgumentException("one non-null input per call is needed");
        }
        refuseIfCancelled();
        CallRecord first = calls.get(callIds.get(0));
        telemetry.jobStarted(instance, job.jobId(), first.function.name(), callIds.size(), first.memoryMb);
        log.info("job {}: {} calls of {} ({} MB) on {}", job.jobId(), callIds.size(), first.function.name(),
                first.memoryMb, backend.name());
        for (int i = 0; i < callIds.size(); i++) {
            CallRecord call = calls.get(callIds.get(i));
            OptionalLong bytes = sizeOf(inputs.get(i));
            synchronized (call) {
                call.input = inputs.get(i);
                call.inputBytes = bytes;
                if (!call.isDecided()) {
                    enqueue(call, call.newAttempt(AttemptKind.ORIGINAL));
                }
            }
        }
    }

    private OptionalLong sizeOf(String input) {
        try {
            OptionalLong bytes = inputSize.of(input);
            return bytes != null && bytes.isPresent() && bytes.getAsLong() >= 0 ? bytes : OptionalLong.empty();
        } catch (RuntimeException e) {
            // the size is optional telemetry: a caller's sizing function that fails must not stop the job
            log.warn("size of input '{}' unknown: {}", input.length() > 80 ? input.substring(0, 80) + "…" : input,
                    e.toString());
            return OptionalLong.empty();
        }
    }

    /** Registers and starts a job in one step. */
    public List<String> submitJob(Ids.JobKind kind, CallFunction function, List<String> inputs, int memoryMb) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one input");
        }
        validate(function, inputs.size(), memoryMb);
        if (inputs.stream().anyMatch(input -> input == null)) {
            throw new IllegalArgumentException("inputs must not be null");
        }
        Ids.JobRef job = reserveJob(kind);
        List<String> ids = registerJob(job, function, inputs.size(), memoryMb);
        startJob(job, ids, inputs);
        return ids;
    }

    /** Fails a registered call that will never start (its reduce input failed). */
    public void abandon(String callId, Throwable cause) {
        CallRecord call = calls.get(callId);
        synchronized (call) {
            if (call.isDecided()) {
                return;
            }
            call.outcome = cause instanceof CostLimitExceededException ? CallState.CANCELLED : CallState.FAILED;
        }
        call.future.completeExceptionally(cause);
    }

    public CompletableFuture<String> future(String callId) {
        return record(callId).future;
    }

    public Optional<CallStatus> status(String callId) {
        CallRecord call = calls.get(callId);
        if (call == null) {
            return Optional.empty();
        }
        synchronized (call) {
            return Optional.of(call.status());
        }
    }

    /** Every call of this executor, in call id order. */
    public List<CallStatus> snapshot() {
        List<CallStatus> out = new ArrayList<>(calls.size());
        for (CallRecord call : calls.values()) {
            synchronized (call) {
                out.add(call.status());
            }
        }
        return out;
    }

    public boolean isCancelled() {
        return cancelledReason != null;
    }

    // ---- remediation ----

    /** Newest attempt number of the call, or -1 when unknown here. */
    public int currentAttempt(String callId) {
        CallRecord call = calls.get(callId);
        if (call == null) {
            return -1;
        }
        synchronized (call) {
            return call.attempts.size() - 1;
        }
    }

    /** tooLong: a backup attempt of a running call that has none yet. */
    public ActionResult startBackup(String callId) {
        return actOnOpenCall(callId, call -> {
            if (!call.anyRunning()) {
                return ActionResult.notNeeded("call is not running");
            }
            if (call.live() > 1) {
                return ActionResult.notNeeded("a backup is already running");
            }
            return newAttempt(call, AttemptKind.BACKUP, "backup attempt %d started");
        });
    }

    /** notStarted: a second invocation of a call none of whose attempts has started. */
    public ActionResult reinvoke(String callId) {
        return actOnOpenCall(callId, call -> {
            if (call.attempts.isEmpty()) {
                return ActionResult.notNeeded("job not submitted yet");
            }
            if (call.anyClaimedOrStarted(null)) {
                return ActionResult.notNeeded("call already started");
            }
            return newAttempt(call, AttemptKind.REINVOKE, "re-invoked as attempt %d");
        });
    }

    /** Applies {@code action} to a call of this executor that is still open, under the call's lock. */
    private ActionResult actOnOpenCall(String callId, Function<CallRecord, ActionResult> action) {
        CallRecord call = calls.get(callId);
        if (call == null) {
            return ActionResult.notNeeded("not a call of executor " + executorId);
        }
        synchronized (call) {
            if (isCancelled()) {
                return ActionResult.refused("instance cancelled: " + cancelledReason);
            }
            if (call.isDecided()) {
                return ActionResult.notNeeded("call already " + call.outcome.name().toLowerCase());
            }
            return action.apply(call);
        }
    }

    /** A further attempt of {@code call} (its lock held), within the attempt cap. */
    private ActionResult newAttempt(CallRecord call, AttemptKind kind, String appliedDetail) {
        if (call.attempts.size() >= maxAttempts) {
            return ActionResult.refused("maxAttempts " + maxAttempts + " reached");
        }
        Attempt attempt = call.newAttempt(kind);
        enqueue(call, attempt);
        return ActionResult.applied(String.format(appliedDetail, attempt.number));
    }

    /** tooCostly: cancels every running attempt and pending call; the instance refuses new jobs from now on. */
    public ActionResult cancelInstance(String reason) {
        synchronized (this) {
            if (isCancelled()) {
                return ActionResult.notNeeded("instance already cancelled");
            }
            cancelledReason = reason == null || reason.isBlank() ? "cost limit exceeded" : reason;
        }
        Instant now = clock.instant();
        int cancelled = 0;
        for (CallRecord call : calls.values()) {
            synchronized (call) {
                if (call.isDecided()) {
                    continue;
                }
                call.attempts.forEach(attempt -> stop(call, attempt, now));
                call.outcome = CallState.CANCELLED;
            }
            cancelled++;
            call.future.completeExceptionally(new CostLimitExceededException(
                    "call " + call.callId + " cancelled: " + cancelledReason));
        }
        backend.instanceCancelled();
        log.warn("instance {} cancelled ({}): {} calls stopped", instance, cancelledReason, cancelled);
        return ActionResult.applied(cancelled + " calls cancelled");
    }

    private void refuseIfCancelled() {
        String reason = cancelledReason;
        if (reason != null) {
            throw new CostLimitExceededException("instance " + instance + " was cancelled (" + reason
                    + ") and accepts no new jobs");
        }
    }

    // ---- attempts ----

    private void validate(CallFunction function, int calls, int memoryMb) {
        if (function == null || !backend.supports(function)) {
            throw new IllegalArgumentException("the " + backend.name() + " backend cannot run " + function);
        }
        if (calls < 1) {
            throw new IllegalArgumentException("a job needs at least one input");
        }
        if (memoryMb < 1) {
            throw new IllegalArgumentException("memory must be >= 1 MB: " + memoryMb);
        }
    }

    private CallRecord record(String callId) {
        CallRecord call = calls.get(callId);
        if (call == null) {
            throw new IllegalArgumentException("unknown call " + callId);
        }
        return call;
    }

    private void enqueue(CallRecord call, Attempt attempt) {
        workers.execute(new AttemptTask(call, attempt, taskSequence.incrementAndGet()));
    }

    private CallGroup group(CallRecord call, Attempt attempt) {
        return new CallGroup(instance, call.jobId, call.callId, call.function.name(), attempt.number);
    }

    private void run(CallRecord call, Attempt attempt) {
        synchronized (call) {
            if (attempt.state != AttemptState.QUEUED) {
                return;
            }
            boolean racesAnother = attempt.kind != AttemptKind.BACKUP && call.anyClaimedOrStarted(attempt);
            // a worker freed by the instance's cancellation must not start a call the cancellation has yet to reach
            if (call.isDecided() || racesAnother || isCancelled()) {
                attempt.state = AttemptState.SKIPPED;
                log.debug("{} attempt {} skipped: {}", call.callId, attempt.number, call.isDecided() ? "call decided"
                        : isCancelled() ? "instance cancelled" : "another attempt started first");
                return;
            }
            attempt.claimed = true;
        }
        AttemptRequest request = new AttemptRequest(call.function, call.input, instance, executorId, call.jobId,
                call.callId, attempt.number, call.memoryMb);
        AttemptProfiler.Session[] profile = {null};
        AttemptOutcome outcome;
        try {
            outcome = backend.run(request, attempt.cancellation, pid -> {
                started(call, attempt);
                if (pid > 0) {
                    profile[0] = profiler.start(pid, request);
                }
            });
        } catch (RuntimeException e) {
            log.error("{} attempt {}: backend error", call.callId, attempt.number, e);
            outcome = AttemptOutcome.failure(io.slaguard.executor.api.ErrorKind.INVOKE_ERROR, null, e.toString());
        }
        // the end is when the backend returned, not after the profiler's last sample
        Instant end = clock.instant();
        finished(call, attempt, outcome, profile[0] == null ? null : profile[0].stop(), end);
    }

    private void started(CallRecord call, Attempt attempt) {
        Instant now = clock.instant();
        synchronized (call) {
            if (attempt.state != AttemptState.QUEUED) {
                return;
            }
            attempt.state = AttemptState.RUNNING;
            attempt.start = now;
            telemetry.attemptStarted(group(call, attempt), now, call.inputBytes);
        }
    }

    private void finished(CallRecord call, Attempt attempt, AttemptOutcome outcome, AttemptProfile profile,
                          Instant now) {
        Runnable complete;
        synchronized (call) {
            attempt.profile = profile;
            if (attempt.state != AttemptState.RUNNING && attempt.state != AttemptState.QUEUED) {
                return; // cancelled or skipped: whoever stopped it has recorded why
            }
            boolean everStarted = attempt.state == AttemptState.RUNNING;
            attempt.end = now;
            attempt.exitCode = outcome.exitCode();
            if (everStarted) {
                telemetry.attemptEnded(group(call, attempt), now);
            }
            if (outcome.succeeded()) {
                attempt.state = AttemptState.SUCCEEDED;
                if (call.isDecided()) {
                    return;
                }
                call.outcome = CallState.SUCCEEDED;
                call.winner = attempt.number;
                call.attempts.stream().filter(other -> other != attempt).forEach(other -> stop(call, other, now));
                String result = outcome.result();
                complete = () -> call.future.complete(result);
                if (attempt.number > 0) {
                    log.info("{}: attempt {} won", call.callId, attempt.number);
                }
            } else {
                attempt.state = AttemptState.FAILED;
                attempt.error = outcome.error();
                attempt.message = outcome.message();
                log.info("{} attempt {} failed: {} {}", call.callId, attempt.number, outcome.error(),
                        outcome.message() == null ? "" : outcome.message());
                if (call.isDecided() || call.live() > 0) {
                    return; // another attempt may still succeed
                }
                call.outcome = CallState.FAILED;
                CallFailedException failure = new CallFailedException(call.callId, outcome.error(), outcome.exitCode(),
                        outcome.message());
                complete = () -> call.future.completeExceptionally(failure);
            }
        }
        complete.run();
    }

    /** Stops a live attempt: a running one is cancelled (function_cancel), a queued one never runs. */
    private void stop(CallRecord call, Attempt attempt, Instant now) {
        if (attempt.state == AttemptState.RUNNING) {
            attempt.state = AttemptState.CANCELLED;
            attempt.end = now;
            telemetry.attemptCancelled(group(call, attempt), now);
            log.info("{} attempt {} cancelled", call.callId, attempt.number);
        } else if (attempt.state == AttemptState.QUEUED) {
            attempt.state = AttemptState.SKIPPED;
        } else {
            return;
        }
        attempt.cancellation.cancel();
    }

    /**
     * Stops the workers. Calls still open are cancelled (their running attempts stopped, {@code function_cancel}
     * pushed) and their futures fail, so nobody waits forever on an executor that is gone.
     */
    @Override
    public void close() {
        Instant now = clock.instant();
        for (CallRecord call : calls.values()) {
            synchronized (call) {
                if (call.isDecided()) {
                    continue;
                }
                call.attempts.forEach(attempt -> stop(call, attempt, now));
                call.outcome = CallState.CANCELLED;
            }
            call.future.completeExceptionally(new IllegalStateException(
                    "executor " + executorId + " closed before call " + call.callId + " finished"));
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Relaunches and re-invocations go ahead of first attempts: they exist to make up for lost time. */
    private final class AttemptTask implements Runnable, Comparable<AttemptTask> {
        private final CallRecord call;
        private final Attempt attempt;
        private final long sequence;

        AttemptTask(CallRecord call, Attempt attempt, long sequence) {
            this.call = call;
            this.attempt = attempt;
            this.sequence = sequence;
        }

        @Override
        public void run() {
            CallEngine.this.run(call, attempt);
        }

        @Override
        public int compareTo(AttemptTask other) {
            int byKind = Boolean.compare(other.attempt.number > 0, attempt.number > 0);
            return byKind != 0 ? byKind : Long.compare(sequence, other.sequence);
        }
    }
}

package io.slaguard.executor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.executor.api.InputSize;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.Backend;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.executor.engine.AttemptProfiler;
import io.slaguard.executor.engine.CallEngine;
import io.slaguard.executor.profiling.ProcessTreeProfiler;
import io.slaguard.executor.remediation.ExecutorRemediationActions;
import io.slaguard.executor.telemetry.LifecycleTelemetry;
import io.slaguard.executor.telemetry.PushgatewayShards;
import io.slaguard.executor.telemetry.PushgatewayTelemetry;
import io.slaguard.executor.telemetry.TelemetryStats;
import io.slaguard.protocol.Ids;
import io.slaguard.remediation.RemediationActions;
import io.slaguard.remediation.RemediationConsumer;
import io.slaguard.remediation.RemediationListener;
import io.slaguard.remediation.RemediationMetrics;
import io.slaguard.remediation.RemediationSettings;

/**
 * Runs functions over inputs on a backend, the way Lithops' FunctionExecutor does: {@link #callAsync},
 * {@link #map}, {@link #mapReduce} return {@link ResponseFuture}s; {@link #getResult} and {@link #waitAll}
 * collect them. Each executor is a new Lithops instance (a random 6-hex id) with executor id
 * {@code <instance>-0}; it publishes lifecycle telemetry and, when configured, applies remediation to its calls.
 */
public final class FunctionExecutor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FunctionExecutor.class);
    public static final int DEFAULT_MEMORY_MB = 1024;
    public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(15);

    private final CallEngine engine;
    private final Backend backend;
    private final LifecycleTelemetry telemetry;
    private final URI pushgateway;
    private final int memoryMb;
    private final Duration retention;
    private final ExecutorRemediationActions actions;
    /** The consumer's counter only, so what is pushed for this instance is this instance's actions. */
    private final PrometheusRegistry remediationRegistry = new PrometheusRegistry();
    private final RemediationConsumer remediationConsumer;
    private boolean closed;

    private FunctionExecutor(Builder b) {
        if (b.profilingInterval != null && b.pushgateways.isEmpty()) {
            throw new IllegalArgumentException("profiling needs a Pushgateway to push its samples to");
        }
        this.backend = b.backend != null ? b.backend : LocalBackend.withWorkers(defaultWorkers());
        this.memoryMb = b.memoryMb;
        this.retention = b.retention;
        String instance = b.instance != null ? Ids.requireInstance(b.instance) : Ids.newInstance();
        this.pushgateway = PushgatewayShards.forInstance(b.pushgateways, instance);
        this.telemetry = pushgateway == null ? LifecycleTelemetry.disabled() : new PushgatewayTelemetry(pushgateway);
        int maxAttempts = b.remediation != null ? b.remediation.maxAttempts() : b.maxAttempts;
        AttemptProfiler profiler = b.profilingInterval == null ? AttemptProfiler.NONE
                : new ProcessTreeProfiler(pushgateway.toString(), b.profilingInterval);
        this.engine = new CallEngine(instance, 0, backend, telemetry, profiler, b.inputSize, b.clock, maxAttempts);
        this.actions = new ExecutorRemediationActions(engine);
        this.remediationConsumer = b.remediation == null ? null : startConsumer(b);
        log.info("executor {} on {} backend (telemetry {}, remediation {}, profiling {})", engine.executorId(),
                backend.name(), pushgateway == null ? "off" : pushgateway,
                b.remediation == null ? "off" : b.remediation, b.profilingInterval == null ? "off" : b.profilingInterval);
    }

    private RemediationConsumer startConsumer(Builder b) {
        RemediationListener listener = b.remediationListener;
        RemediationConsumer consumer = new RemediationConsumer(b.remediation, actions, record -> {
            exportRemediation();
            listener.onAction(record);
        }, remediationRegistry);
        try {
            consumer.start();
            exportRemediation();
            return consumer;
        } catch (IOException e) {
            engine.close();
            telemetry.close(Duration.ZERO);
            backend.close();
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String instance() {
        return engine.instance();
    }

    public String executorId() {
        return engine.executorId();
    }

    /** The Pushgateway this instance pushes to (its shard when several were given), or null without telemetry. */
    public URI pushgateway() {
        return pushgateway;
    }

    /** One call of {@code function} on {@code input} (job kind A). */
    public ResponseFuture callAsync(CallFunction function, String input) {
        return map(Ids.JobKind.CALL_ASYNC, function, List.of(input), memoryMb).get(0);
    }

    /** One call per input (job kind M), all with this executor's memory setting. */
    public List<ResponseFuture> map(CallFunction function, List<String> inputs) {
        return map(function, inputs, memoryMb);
    }

    /** One call per input (job kind M); every call of the job gets {@code memoryMb}. */
    public List<ResponseFuture> map(CallFunction function, List<String> inputs, int memoryMb) {
        return map(Ids.JobKind.MAP, function, inputs, memoryMb);
    }

    /**
     * A map job, then one reduce call (job kind R) once every map call succeeded; the reduce call's input is the
     * map results in input order, one per line (a result's own trailing newline dropped). If a map call fails, the
     * reduce call fails with that error without running.
     */
    public ResponseFuture mapReduce(CallFunction mapFunction, List<String> inputs, CallFunction reduceFunction) {
        List<ResponseFuture> maps = map(mapFunction, inputs);
        Ids.JobRef reduceJob = engine.reserveJob(Ids.JobKind.REDUCE);
        // registered now so the reduce call is visible (PENDING) while the map runs
        List<String> reduceIds = engine.registerJob(reduceJob, reduceFunction, 1, memoryMb);
        String reduceCallId = reduceIds.get(0);
        ResponseFuture.allOf(maps).whenComplete((ignored, error) -> {
            if (error != null) {
                engine.abandon(reduceCallId, error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
                return;
            }
            String joined = String.join("\n", maps.stream().map(ResponseFuture::result)
                    .map(FunctionExecutor::withoutTrailingNewline).toList());
            try {
                engine.startJob(reduceJob, reduceIds, List.of(joined));
            } catch (RuntimeException e) {
                engine.abandon(reduceCallId, e);
            }
        });
        return response(reduceCallId);
    }

    private static String withoutTrailingNewline(String result) {
        return result.endsWith("\n") ? result.substring(0, result.length() - 1) : result;
    }

    private List<ResponseFuture> map(Ids.JobKind kind, CallFunction function, List<String> inputs, int memory) {
        requireOpen();
        return engine.submitJob(kind, function, inputs, memory).stream().map(this::response).toList();
    }

    private ResponseFuture response(String callId) {
        return new ResponseFuture(callId, engine.future(callId), () -> engine.status(callId).orElseThrow());
    }

    /** Waits for every future and returns their results in order; the first failure is thrown. */
    public List<String> getResult(List<ResponseFuture> futures) {
        waitAll(futures);
        return futures.stream().map(ResponseFuture::result).toList();
    }

    /** Waits until every future is done, successful or not. */
    public void waitAll(List<ResponseFuture> futures) {
        CompletableFuture<Void> all = ResponseFuture.allOf(futures).handle((v, e) -> null);
        try {
            all.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for calls", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Every call of this executor as it stands now. */
    public List<CallStatus> calls() {
        return engine.snapshot();
    }

    /** The remediation actions on this executor's calls (what the violations consumer drives). */
    public RemediationActions remediationActions() {
        return actions;
    }

    /**
     * How the violations consumer handled each action ({@code sla_remediation_total} of this instance, also pushed
     * to the Pushgateway); actions called directly through {@link #remediationActions()} are not counted.
     */
    public RemediationMetrics remediationMetrics() {
        return RemediationMetrics.in(remediationRegistry);
    }

    public TelemetryStats telemetryStats() {
        return telemetry.stats();
    }

    /** Waits until every telemetry event queued so far is delivered; false when the timeout passed first. */
    public boolean flushTelemetry(Duration timeout) {
        return telemetry.flush(timeout);
    }

    public boolean isCancelled() {
        return engine.isCancelled();
    }

    public int memoryMb() {
        return memoryMb;
    }

    public Backend backend() {
        return backend;
    }

    /**
     * Stops remediation and the workers (running attempts are cancelled), delivers pending telemetry, and
     * deletes this instance's Pushgateway groups after the retention time (now when it is zero).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (remediationConsumer != null) {
            remediationConsumer.close();
            // messages rejected since the last action are counted without a listener call
            exportRemediation();
        }
        engine.close();
        telemetry.deleteGroupsAfter(retention);
        telemetry.close(Duration.ofSeconds(10));
        backend.close();
    }

    private synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException("executor " + engine.executorId() + " is closed");
        }
    }

    /** Queues a push of the remediation counter's totals; the sender reads them when it sends. */
    private void exportRemediation() {
        telemetry.remediationCounted(engine.instance(), remediationRegistry::scrape);
    }

    private static int defaultWorkers() {
        return Math.max(4, Runtime.getRuntime().availableProcessors());
    }

    /** Settings of a {@link FunctionExecutor}; everything has a default except what the backend needs. */
    public static final class Builder {
        private Backend backend;
        private int memoryMb = DEFAULT_MEMORY_MB;
        private List<URI> pushgateways = List.of();
        private RemediationSettings remediation;
        private RemediationListener remediationListener = RemediationListener.none();
        private int maxAttempts = RemediationSettings.DEFAULT_MAX_ATTEMPTS;
        private Duration profilingInterval;
        private Duration retention = DEFAULT_RETENTION;
        private Clock clock = Clock.systemUTC();
        private String instance;
        private InputSize inputSize = InputSize.namedFile();

        private Builder() {
        }

        /**
         * How big each call's input is, pushed as {@code function_input_bytes} with the attempt's start so the SLA
         * manager can learn durations by input size. Default {@link InputSize#namedFile()}: the size of the file an
         * input names; e.g. {@code input -> OptionalLong.of(sizes.get(input))} for sizes the caller knows.
         */
        public Builder inputSize(InputSize inputSize) {
            this.inputSize = Objects.requireNonNull(inputSize, "inputSize");
            return this;
        }

        /** Where calls run; default a local backend with max(4, CPUs) workers. */
        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        /** Memory of every call, MB (default 1024): the Lambda memory setting, and the cost telemetry's figure. */
        public Builder memoryMb(int memoryMb) {
            if (memoryMb < 1) {
                throw new IllegalArgumentException("memory must be >= 1 MB: " + memoryMb);
            }
            this.memoryMb = memoryMb;
            return this;
        }

        /** Pushgateway to publish lifecycle telemetry to; none (the default) publishes nothing. */
        public Builder pushgateway(URI pushgateway) {
            return pushgateways(pushgateway == null ? List.of() : List.of(pushgateway));
        }

        /**
         * Several Pushgateways that Prometheus all scrapes: the instance pushes everything to one of them, picked
         * from its id ({@link PushgatewayShards}), so executors spread over them; empty publishes nothing.
         */
        public Builder pushgateways(List<URI> pushgateways) {
            this.pushgateways = List.copyOf(pushgateways);
            return this;
        }

        /**
         * Remediation from the manager's violations: a consumer of this instance's queue on RabbitMQ starts with the
         * executor (and the executor fails to build when the broker cannot be reached); its {@code maxAttempts}
         * caps the attempts per call. None (the default) leaves calls alone.
         */
        public Builder remediation(RemediationSettings remediation) {
            this.remediation = remediation;
            return this;
        }

        /** Told of every remediation decision (e.g. for a progress display). */
        public Builder remediationListener(RemediationListener listener) {
            this.remediationListener = java.util.Objects.requireNonNull(listener);
            return this;
        }

        /** Attempts per call when remediation is driven without {@link #remediation} (default 2). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Profiles every local call's process tree every {@code interval} (docs/architecture.md#profiler-metrics); needs a Pushgateway. */
        public Builder profiling(Duration interval) {
            this.profilingInterval = java.util.Objects.requireNonNull(interval);
            return this;
        }

        /** How long the instance's Pushgateway groups stay after it finished (default 15 min; 0 = delete on close). */
        public Builder telemetryRetention(Duration retention) {
            if (retention == null || retention.isNegative()) {
                throw new IllegalArgumentException("retention must be >= 0");
            }
            this.retention = retention;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Uses this instance id instead of a random one (e.g. to resume under an agreement made for it). */
        public Builder instance(String instance) {
            this.instance = Ids.requireInstance(instance);
            return this;
        }

        public FunctionExecutor build() {
            return new FunctionExecutor(this);
        }
    }
}

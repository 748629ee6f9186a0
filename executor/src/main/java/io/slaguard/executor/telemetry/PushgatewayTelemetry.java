package io.slaguard.executor.telemetry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.Times;
import io.slaguard.protocol.Violations;

/**
 * Lifecycle telemetry pushed to a Pushgateway, Lithops-compatible (docs/architecture.md#lifecycle-telemetry). Gauge events go through the
 * Prometheus Java client's {@link PushGateway#pushAdd}; the job group's two counters are written in the text
 * format by hand, because the client renders a counter named {@code job_total_calls} as
 * {@code job_total_calls_total} (see docs/decisions.md). Every event is one POST, so other metrics of the
 * group stay. The remediation counter is the exception: its group is replaced (PUT) with the current totals.
 */
public final class PushgatewayTelemetry implements LifecycleTelemetry {
    private static final Logger log = LoggerFactory.getLogger(PushgatewayTelemetry.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final PushSender sender;
    private final Set<Group> groups = new LinkedHashSet<>();
    private volatile java.util.concurrent.ScheduledFuture<?> scheduledDeletion;
    private volatile boolean closed;
    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "telemetry-retention");
        thread.setDaemon(true);
        return thread;
    });

    public PushgatewayTelemetry(URI url) {
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("Pushgateway URL must be http(s)://host:port, got " + url);
        }
        this.url = url;
        this.sender = new PushSender("telemetry-sender");
    }

    /** A group this instance pushed: its Pushgateway job and grouping key. */
    private record Group(String job, Map<String, String> key) {
        String path() {
            return Telemetry.groupPath(job, key);
        }
    }

    @Override
    public void jobStarted(String instance, String jobId, String functionName, int totalCalls, int memoryMb) {
        Map<String, String> key = Telemetry.jobGroup(instance, jobId, functionName);
        remember(new Group(Telemetry.PUSH_JOB, key));
        Map<String, Double> counters = new LinkedHashMap<>();
        counters.put(Telemetry.JOB_TOTAL_CALLS, (double) totalCalls);
        counters.put(Telemetry.JOB_RUNTIME_MEMORY, (double) memoryMb);
        sender.enqueue(new CounterPush(key, counters));
    }

    @Override
    public void attemptStarted(CallGroup group, Instant at, OptionalLong inputBytes) {
        Map<String, Double> gauges = new LinkedHashMap<>();
        gauges.put(Telemetry.FUNCTION_START, Times.epochSeconds(at));
        inputBytes.ifPresent(bytes -> gauges.put(Telemetry.FUNCTION_INPUT_BYTES, (double) bytes));
        pushGauges(group, gauges);
    }

    @Override
    public void attemptEnded(CallGroup group, Instant at) {
        pushGauge(group, Telemetry.FUNCTION_END, at);
    }

    @Override
    public void attemptCancelled(CallGroup group, Instant at) {
        pushGauge(group, Telemetry.FUNCTION_CANCEL, at);
    }

    private void pushGauge(CallGroup group, String metric, Instant at) {
        pushGauges(group, Map.of(metric, Times.epochSeconds(at)));
    }

    private void pushGauges(CallGroup group, Map<String, Double> gauges) {
        Map<String, String> key = group.groupingKey();
        remember(new Group(Telemetry.PUSH_JOB, key));
        sender.enqueue(new GaugePush(key, gauges));
    }

    @Override
    public void remediationCounted(String instance, MultiCollector counter) {
        Group group = new Group(Violations.REMEDIATION_PUSH_JOB, Map.of(Telemetry.INSTANCE, instance));
        remember(group);
        sender.enqueue(new SnapshotPut(group, counter));
    }

    private void remember(Group group) {
        synchronized (groups) {
            groups.add(group);
        }
    }

    @Override
    public void deleteGroupsAfter(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            enqueueDeletes();
            return;
        }
        log.info("telemetry groups of this instance will be deleted in {}", delay);
        scheduledDeletion = janitor.schedule(() -> {
            enqueueDeletes();
            if (closed) {
                sender.close(READ_TIMEOUT.multipliedBy(2));
                janitor.shutdown();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void enqueueDeletes() {
        List<Group> toDelete;
        synchronized (groups) {
            toDelete = new ArrayList<>(groups);
            groups.clear();
        }
        toDelete.forEach(group -> sender.enqueue(new GroupDelete(group)));
    }

    @Override
    public boolean flush(Duration timeout) {
        return sender.flush(timeout);
    }

    @Override
    public TelemetryStats stats() {
        return sender.stats();
    }

    @Override
    public void close(Duration timeout) {
        closed = true;
        java.util.concurrent.ScheduledFuture<?> deletion = scheduledDeletion;
        if (deletion != null && !deletion.isDone()) {
            // the sender stays up (daemon threads) for the deletion; it stops once the groups are gone
            sender.flush(timeout);
            return;
        }
        janitor.shutdownNow();
        sender.close(timeout);
    }

    private PushGateway client(String job, Map<String, String> key, ConnectionCapture capture) {
        PushGateway.Builder builder = PushGateway.builder()
                .scheme("https".equals(url.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                .address(url.getHost() + ":" + port())
                .job(job)
                .format(Format.PROMETHEUS_TEXT)
                .connectionTimeout(CONNECT_TIMEOUT)
                .readTimeout(READ_TIMEOUT)
                .connectionFactory(capture);
        key.forEach(builder::groupingKey);
        return builder.build();
    }

    private int port() {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equals(url.getScheme()) ? 443 : 80;
    }

    /** Turns the client's generic IOException for a 4xx answer into a {@link PushSender.RejectedPush}. */
    private static void rethrow(IOException e, ConnectionCapture capture) throws IOException {
        int status = capture.status();
        if (status >= 400 && status < 500 && status != 429) {
            throw new PushSender.RejectedPush("HTTP " + status + ": " + e.getMessage());
        }
        throw e;
    }

    /** Keeps the connection the client opened, so a failed push's status code can be read. */
    private static final class ConnectionCapture implements io.prometheus.metrics.exporter.pushgateway.HttpConnectionFactory {
        private HttpURLConnection connection;

        @Override
        public HttpURLConnection create(java.net.URL target) throws IOException {
            connection = (HttpURLConnection) target.openConnection();
            return connection;
        }

        int status() {
            try {
                return connection == null ? -1 : connection.getResponseCode();
            } catch (IOException e) {
                return -1;
            }
        }
    }

    /** Gauges of one group in one POST, so a reader never sees one without the other. */
    private final class GaugePush implements PushSender.Push {
        private final Map<String, String> key;
        private final Map<String, Double> gauges;

        GaugePush(Map<String, String> key, Map<String, Double> gauges) {
            this.key = key;
            this.gauges = gauges;
        }

        @Override
        public void send() throws IOException {
            ConnectionCapture capture = new ConnectionCapture();
            // no HELP: Lithops sends none, and every pusher of a name must agree with the others
            MultiCollector collector = () -> MetricSnapshots.of(gauges.entrySet().stream()
                    .map(gauge -> new GaugeSnapshot(new MetricMetadata(gauge.getKey()),
                            List.of(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(gauge.getValue()).build())))
                    .toArray(GaugeSnapshot[]::new));
            try {
                client(Telemetry.PUSH_JOB, key, capture).pushAdd(collector);
            } catch (IOException e) {
                rethrow(e, capture);
            }
        }

        @Override
        public String describe() {
            return gauges + " " + Telemetry.groupPath(Telemetry.PUSH_JOB, key);
        }
    }

    private final class GroupDelete implements PushSender.Push {
        private final Group group;

        GroupDelete(Group group) {
            this.group = group;
        }

        @Override
        public void send() throws IOException {
            ConnectionCapture capture = new ConnectionCapture();
            try {
                client(group.job(), group.key(), capture).delete();
            } catch (IOException e) {
                rethrow(e, capture);
            }
        }

        @Override
        public String describe() {
            return "DELETE " + group.path();
        }
    }

    /** Replaces the group with what {@code metrics} holds when the request is sent, so a retry sends the newest values. */
    private final class SnapshotPut implements PushSender.Push {
        private final Group group;
        private final MultiCollector metrics;

        SnapshotPut(Group group, MultiCollector metrics) {
            this.group = group;
            this.metrics = metrics;
        }

        @Override
        public void send() throws IOException {
            ConnectionCapture capture = new ConnectionCapture();
            try {
                client(group.job(), group.key(), capture).push(metrics);
            } catch (IOException e) {
                rethrow(e, capture);
            }
        }

        @Override
        public String describe() {
            return "PUT " + group.path();
        }
    }

    /** {@code job_total_calls} and {@code job_runtime_memory} with TYPE counter and exactly those names. */
    private final class CounterPush implements PushSender.Push {
        private final Map<String, String> key;
        private final Map<String, Double> counters;

        CounterPush(Map<String, String> key, Map<String, Double> counters) {
            this.key = key;
            this.counters = Map.copyOf(counters);
        }

        @Override
        public void send() throws IOException {
            StringBuilder body = new StringBuilder();
            new java.util.TreeMap<>(counters).forEach((name, value) -> body.append("# TYPE ").append(name)
                    .append(" counter\n").append(name).append(' ').append(format(value)).append('\n'));
            URI target = url.resolve(Telemetry.groupPath(Telemetry.PUSH_JOB, key));
            HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
            try {
                connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
                connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body.toString().getBytes(StandardCharsets.UTF_8));
                }
                int status = connection.getResponseCode();
                if (status >= 400 && status < 500 && status != 429) {
                    throw new PushSender.RejectedPush("HTTP " + status + " for " + target + ": " + errorBody(connection));
                }
                if (status >= 300) {
                    throw new IOException("HTTP " + status + " for " + target);
                }
            } finally {
                connection.disconnect();
            }
        }

        @Override
        public String describe() {
            return counters + " " + Telemetry.groupPath(Telemetry.PUSH_JOB, key);
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String errorBody(HttpURLConnection connection) {
        try (var err = connection.getErrorStream()) {
            return err == null ? "" : new String(err.readNBytes(1000), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }
}

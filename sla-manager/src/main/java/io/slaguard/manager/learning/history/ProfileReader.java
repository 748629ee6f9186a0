package io.slaguard.manager.learning.history;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.slaguard.manager.assessment.MetricsSource;
import io.slaguard.manager.assessment.MetricsSource.MetricsSourceException;
import io.slaguard.manager.assessment.MetricsSource.Sample;
import io.slaguard.manager.learning.telemetry.Attempt;
import io.slaguard.manager.learning.telemetry.CallKey;
import io.slaguard.protocol.ProfilerMetrics;
import io.slaguard.protocol.Telemetry;

/**
 * The profiler's summary of an attempt, from the samples Prometheus kept over the attempt's run (the Pushgateway
 * holds only the last one): one query per profiled attempt, evaluated at its end.
 */
public final class ProfileReader {
    private static final String SUMMARY = "summary";
    private static final String BY = " by (" + Telemetry.EXPORTED_INSTANCE + ", " + Telemetry.CALL_ID + ") ";

    private final MetricsSource source;
    private final Duration timeout;

    public ProfileReader(MetricsSource source, Duration timeout) {
        this.source = source;
        this.timeout = timeout;
    }

    /** The calls whose profiler samples Prometheus holds now. */
    public Set<CallKey> profiledCalls() throws MetricsSourceException {
        Set<CallKey> calls = new HashSet<>();
        for (Sample s : source.query("count" + BY + "(" + ProfilerMetrics.CPU_USAGE + ")", Instant.now(), timeout)) {
            String instance = s.labels().get(Telemetry.EXPORTED_INSTANCE);
            String call = s.labels().get(Telemetry.CALL_ID);
            if (instance != null && call != null) {
                calls.add(new CallKey(instance, call));
            }
        }
        return calls;
    }

    public ProfileSummary summarize(Attempt attempt) throws MetricsSourceException {
        double finished = attempt.finishedAt();
        long window = Math.max(1, (long) Math.ceil(finished - attempt.start()));
        String selector = "{" + Telemetry.EXPORTED_INSTANCE + "=\"" + escape(attempt.instance()) + "\", "
                + Telemetry.CALL_ID + "=\"" + escape(attempt.callId()) + "\"}";
        String range = "[" + window + "s:1s]";
        String perProcessSum = "sum" + BY + "(%s" + selector + ")";
        String query = String.join(" or ",
                tagged("cpu_mean", "avg_over_time((" + perProcessSum.formatted(ProfilerMetrics.CPU_USAGE) + ")" + range + ")"),
                tagged("cpu_peak", "max_over_time((" + perProcessSum.formatted(ProfilerMetrics.CPU_USAGE) + ")" + range + ")"),
                tagged("memory_peak", "max_over_time((" + perProcessSum.formatted(ProfilerMetrics.MEMORY_USAGE) + ")" + range + ")"),
                tagged("disk", "max_over_time((" + perProcessSum.formatted(ProfilerMetrics.DISK_READ_MB) + " + "
                        + perProcessSum.formatted(ProfilerMetrics.DISK_WRITE_MB) + ")" + range + ")"),
                // host-wide counters since boot: what the host moved during the attempt
                tagged("network", hostIncrease(ProfilerMetrics.NET_READ_MB, selector, range) + " + "
                        + hostIncrease(ProfilerMetrics.NET_WRITE_MB, selector, range)));
        Instant at = Instant.ofEpochMilli((long) (finished * 1000));
        Map<String, Double> values = new HashMap<>();
        for (Sample s : source.query(query, at, timeout)) {
            String name = s.labels().get(SUMMARY);
            if (name != null && Double.isFinite(s.value())) {
                values.put(name, s.value());
            }
        }
        return new ProfileSummary(values.get("cpu_mean"), values.get("cpu_peak"), values.get("memory_peak"),
                values.get("disk"), values.get("network"));
    }

    private static String hostIncrease(String metric, String selector, String range) {
        String series = "max" + BY + "(" + metric + selector + ")";
        return "(max_over_time((" + series + ")" + range + ") - min_over_time((" + series + ")" + range + "))";
    }

    private static String tagged(String name, String expression) {
        return "label_replace(" + expression + ", \"" + SUMMARY + "\", \"" + name + "\", \"\", \"\")";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}

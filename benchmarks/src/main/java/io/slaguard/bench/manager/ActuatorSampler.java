package io.slaguard.bench.manager;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.protocol.Violations;

/**
 * Samples the manager's {@code /actuator/prometheus} twice a second. {@code sla_assessment_duration_seconds} is a
 * Micrometer timer (count, sum, max; no quantiles), so each tick's duration is the growth of its sum between two
 * samples in which the count grew by exactly one; samples are far more frequent than ticks, so that is every tick.
 * Heap is the sum of {@code jvm_memory_used_bytes{area="heap"}} over the pools of one sample.
 */
final class ActuatorSampler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActuatorSampler.class);
    private static final String COUNT = Violations.METRIC_ASSESSMENT_DURATION + "_count";
    private static final String SUM = Violations.METRIC_ASSESSMENT_DURATION + "_sum";

    /** One tick: when the sample saw it end, and how long it took. */
    record Tick(long number, Instant seenAt, double seconds) {
    }

    private final ManagerProcess manager;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<Tick> ticks = new ArrayList<>();
    private long lastCount = -1;
    private double lastSum;
    private int skipped;
    private double maxHeapUsed;
    private double heapMax;
    private double maxOutboxPending;
    private Map<String, Double> violationsByGuarantee = Map.of();

    ActuatorSampler(ManagerProcess manager) {
        this.manager = manager;
        scheduler.scheduleWithFixedDelay(this::sample, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        String text;
        try {
            text = manager.get("/actuator/prometheus");
        } catch (IOException e) {
            log.warn("sampling the manager failed: {}", e.getMessage());
            return;
        }
        Instant now = Instant.now();
        long count = 0;
        double sum = 0;
        double heapUsed = 0;
        double max = 0;
        double pending = 0;
        Map<String, Double> violations = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            double value = Double.parseDouble(line.substring(space + 1));
            String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
            switch (name) {
                case COUNT -> count = (long) value;
                case SUM -> sum = value;
                case "jvm_memory_used_bytes" -> heapUsed += series.contains("area=\"heap\"") ? value : 0;
                case "jvm_memory_max_bytes" -> max += series.contains("area=\"heap\"") && value > 0 ? value : 0;
                case Violations.METRIC_OUTBOX_PENDING -> pending = value;
                case Violations.METRIC_VIOLATIONS_TOTAL -> violations.merge(label(series, "guarantee"), value, Double::sum);
                default -> {
                }
            }
        }
        synchronized (this) {
            if (lastCount >= 0 && count == lastCount + 1) {
                ticks.add(new Tick(count, now, sum - lastSum));
            } else if (lastCount >= 0 && count > lastCount + 1) {
                skipped += (int) (count - lastCount);
            }
            lastCount = count;
            lastSum = sum;
            maxHeapUsed = Math.max(maxHeapUsed, heapUsed);
            heapMax = Math.max(heapMax, max);
            maxOutboxPending = Math.max(maxOutboxPending, pending);
            violationsByGuarantee = violations;
        }
    }

    private static String label(String series, String name) {
        int at = series.indexOf(name + "=\"");
        if (at < 0) {
            return "";
        }
        int from = at + name.length() + 2;
        return series.substring(from, series.indexOf('"', from));
    }

    synchronized long ticksSeen() {
        return lastCount;
    }

    synchronized List<Tick> ticksAfter(long number) {
        return ticks.stream().filter(t -> t.number() > number).toList();
    }

    /** Ticks whose duration could not be told apart (two ends between samples): should stay 0. */
    synchronized int skipped() {
        return skipped;
    }

    synchronized double maxHeapUsed() {
        return maxHeapUsed;
    }

    synchronized double heapMax() {
        return heapMax;
    }

    synchronized double maxOutboxPending() {
        return maxOutboxPending;
    }

    synchronized Map<String, Double> violationsByGuarantee() {
        return violationsByGuarantee;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

package io.slaguard.manager.assessment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A metrics source for pure-logic tests: answers each query with what the test scripted for a PromQL fragment it
 * contains, or fails for those scripted to fail; records every query and its time.
 */
final class FakeMetricsSource implements MetricsSource {
    interface Answer {
        List<Sample> answer(String promql, Instant time) throws MetricsSourceException;
    }

    record Query(String promql, Instant time, String thread) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<Query> queries = new CopyOnWriteArrayList<>();
    volatile String version = "2.42.0";
    volatile int versionCalls;

    FakeMetricsSource when(String fragment, Answer answer) {
        answers.put(fragment, answer);
        return this;
    }

    FakeMetricsSource returns(String fragment, Sample... samples) {
        return when(fragment, (q, t) -> List.of(samples));
    }

    static Sample sample(double value, String... labelPairs) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return new Sample(labels, value);
    }

    @Override
    public List<Sample> query(String promql, Instant time, Duration timeout) throws MetricsSourceException {
        queries.add(new Query(promql, time, Thread.currentThread().getName()));
        for (Map.Entry<String, Answer> entry : answers.entrySet()) {
            if (promql.contains(entry.getKey())) {
                return entry.getValue().answer(promql, time);
            }
        }
        return List.of();
    }

    @Override
    public String version() {
        versionCalls++;
        return version;
    }
}

package io.slaguard.bench.manager;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.bench.manager.TelemetryPusher.Call;

/**
 * {@code workers} concurrent workers released together, each owning every {@code workers}-th call and pushing
 * its start and, for a finished call, its end, as a Lithops worker does. A refused push is counted, not retried,
 * so that the count check afterwards sees every lost event.
 */
final class PushLoad {
    private static final Logger log = LoggerFactory.getLogger(PushLoad.class);

    record Result(List<Long> startNanos, List<Long> endNanos, int jobPushes, int failures, List<String> errors,
                  double wallSeconds) {
        int pushes() {
            return startNanos.size() + endNanos.size();
        }
    }

    static Result run(TelemetryPusher pusher, ScaleWorkload workload, int workers) throws InterruptedException {
        AtomicInteger failures = new AtomicInteger();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        int jobPushes = 0;
        for (ScaleWorkload.Job job : workload.jobs()) {
            try {
                pusher.job(job.instance(), job.jobId(), ScaleWorkload.FUNCTION, job.calls().size(), job.memoryMb());
                jobPushes++;
            } catch (IOException e) {
                failures.incrementAndGet();
                errors.add(e.getMessage());
            }
        }
        List<Call> calls = workload.calls();
        List<Long> starts = Collections.synchronizedList(new ArrayList<>(calls.size()));
        List<Long> ends = Collections.synchronizedList(new ArrayList<>(calls.size()));
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            int first = w;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = first; i < calls.size(); i += workers) {
                    Call call = calls.get(i);
                    try {
                        starts.add(pusher.start(call));
                        if (call.finished()) {
                            ends.add(pusher.end(call));
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        if (errors.size() < 10) {
                            errors.add(call.callId() + ": " + e);
                        }
                    }
                }
            }, "pusher-" + w);
            thread.start();
            threads.add(thread);
        }
        long begin = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double wall = (System.nanoTime() - begin) / 1e9;
        log.info("pushed {} call events from {} workers in {} s, {} refused", starts.size() + ends.size(), workers,
                String.format("%.1f", wall), failures.get());
        return new Result(List.copyOf(starts), List.copyOf(ends), jobPushes, failures.get(), List.copyOf(errors), wall);
    }

    private PushLoad() {
    }
}

package io.slaguard.profiler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles one call: samples its process tree on a shared scheduler and hands each sample to the call's own
 * sender. Collection ends when the root process is gone or on {@link #stop()}.
 */
final class CallProfiler implements ProfilerHandle {
    private static final Logger log = LoggerFactory.getLogger(CallProfiler.class);

    private final long pid;
    private final CallLabels call;
    private final ProcessTreeSource processes;
    private final NetworkSource network;
    private final ScheduledExecutorService scheduler;
    private final SampleSchedule schedule;
    private final SampleCalculator calculator = new SampleCalculator();
    private final ProfileAccumulator accumulator = new ProfileAccumulator();
    private final SampleEncoder encoder;
    private final SampleSender sender;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean running = true;
    private ScheduledFuture<?> next;
    private Long rootStart;

    CallProfiler(long pid, CallLabels call, ProcessTreeSource processes, NetworkSource network,
                 ScheduledExecutorService scheduler, SampleSchedule schedule, SampleSender sender) {
        this.pid = pid;
        this.call = call;
        this.processes = processes;
        this.network = network;
        this.scheduler = scheduler;
        this.schedule = schedule;
        this.encoder = new SampleEncoder(call);
        this.sender = sender;
    }

    /** Takes the first sample at once, then one per interval plus jitter. */
    synchronized void begin() {
        next = scheduler.schedule(this::tick, 0, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        synchronized (this) {
            if (!running) {
                return;
            }
            try {
                sampleOnce();
            } catch (RuntimeException e) {
                // one failed reading must not end the profile of a call that is still running
                log.warn("profiler sample of {} (pid {}) failed: {}", call.callId(), pid, e.toString());
            }
            if (running) {
                next = scheduler.schedule(this::tick, schedule.nextDelay().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** One round; ends collection if the root process is gone. Caller holds the lock. */
    private void sampleOnce() {
        List<ProcessReading> tree = processes.read(pid);
        // a different start means the pid now belongs to another process: the call's own has ended
        if (tree.isEmpty() || rootStart != null && tree.get(0).startId() != rootStart) {
            end();
            return;
        }
        rootStart = tree.get(0).startId();
        Sample sample = calculator.next(new TreeReading(System.nanoTime(), tree, network.read()));
        accumulator.add(sample);
        sender.offer(encoder.encode(sample));
    }

    private void end() {
        if (running) {
            running = false;
            if (next != null) {
                next.cancel(false);
            }
            sender.close();
            ended.countDown();
            log.debug("profile of {} (pid {}) ended: {}", call.callId(), pid, summary());
        }
    }

    @Override
    public CallProfile stop() {
        synchronized (this) {
            if (running) {
                try {
                    sampleOnce();
                } catch (RuntimeException e) {
                    log.warn("last profiler sample of {} (pid {}) failed: {}", call.callId(), pid, e.toString());
                } finally {
                    end();
                }
            }
        }
        return summary();
    }

    @Override
    public CallProfile summary() {
        return accumulator.profile(sender.dropped());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean awaitFlushed(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        if (!ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        return sender.awaitFinished(timeout.minusNanos(System.nanoTime() - start));
    }

    @Override
    public String toString() {
        return "profile of " + call.callId() + " (pid " + pid + ")";
    }
}

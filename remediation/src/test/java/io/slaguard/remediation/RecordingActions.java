package io.slaguard.remediation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in executor for the consumer's tests: knows a set of calls and their attempt numbers, records every
 * action, and can be told to block or throw. A backup raises the call's attempt, as the executor does.
 */
final class RecordingActions implements RemediationActions {
    private final String instance;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    final List<String> performed = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate;
    private volatile RuntimeException failure;
    private final CountDownLatch entered = new CountDownLatch(1);

    RecordingActions(String instance) {
        this.instance = instance;
    }

    RecordingActions knowing(String... callIds) {
        for (String callId : callIds) {
            attempts.put(callId, 0);
        }
        return this;
    }

    /** Every following action waits for {@code gate} before it is performed. */
    void blockOn(CountDownLatch gate) {
        this.gate = gate;
    }

    boolean awaitEntered() throws InterruptedException {
        return entered.await(30, TimeUnit.SECONDS);
    }

    void failWith(RuntimeException e) {
        failure = e;
    }

    @Override
    public String instance() {
        return instance;
    }

    @Override
    public int currentAttempt(String callId) {
        return attempts.getOrDefault(callId, -1);
    }

    @Override
    public ActionResult startBackup(String callId) {
        act("startBackup " + callId);
        int attempt = attempts.merge(callId, 1, Integer::sum);
        return ActionResult.applied("backup attempt " + attempt);
    }

    @Override
    public ActionResult reinvoke(String callId) {
        act("reinvoke " + callId);
        return ActionResult.applied("invoked again");
    }

    @Override
    public ActionResult cancelInstance(String reason) {
        act("cancelInstance " + instance);
        return ActionResult.applied("cancelled");
    }

    private void act(String what) {
        entered.countDown();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while blocked", e);
            }
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        performed.add(what);
    }
}

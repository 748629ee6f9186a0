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
    private volatile ActionResult nextAnswer;
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

    /** The next action answers this instead of acting. */
    void answerNextWith(ActionResult answer) {
        nextAnswer = answer;
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
        ActionResult answer = takeAnswer();
        if (answer != null) {
            return answer;
        }
        act("startBackup " + callId);
        int attempt = attempts.merge(callId, 1, Integer::sum);
        return ActionResult.applied("backup attempt " + attempt);
    }

    @Override
    public ActionResult reinvoke(String callId) {
        ActionResult answer = takeAnswer();
        if (answer != null) {
            return answer;
        }
        act("reinvoke " + callId);
        return ActionResult.applied("invoked again");
    }

    @Override
    public ActionResult cancelInstance(String reason) {
        ActionResult answer = takeAnswer();
        if (answer != null) {
            return answer;
        }
        act("cancelInstance " + instance);
        return ActionResult.applied("cancelled");
    }

    private ActionResult takeAnswer() {
        ActionResult answer = nextAnswer;
        nextAnswer = null;
        return answer;
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

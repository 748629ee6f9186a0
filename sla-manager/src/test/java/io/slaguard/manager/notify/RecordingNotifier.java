package io.slaguard.manager.notify;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.slaguard.manager.model.Violation;

/** A channel that records what it is given (a fake, for the dispatcher's own logic). */
class RecordingNotifier implements Notifier {
    private final String name;
    private final List<Violation> delivered = new CopyOnWriteArrayList<>();

    RecordingNotifier(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Violation violation) throws Exception {
        delivered.add(violation);
    }

    List<Violation> delivered() {
        return delivered;
    }
}

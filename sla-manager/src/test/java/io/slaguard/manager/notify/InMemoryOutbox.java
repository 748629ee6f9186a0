package io.slaguard.manager.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.slaguard.manager.model.Violation;

/** A fake of the store's outbox for tests of the dispatcher: entries in memory, same contract. */
final class InMemoryOutbox implements Outbox {
    /** One entry's state. */
    record State(long id, String channel, Violation violation, int attempts, Instant retryAt, String error,
                 Instant deliveredAt) {
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, State> entries = new ConcurrentHashMap<>();

    /** Adds {@code violation} for each channel, as the store does in the tick's transaction. */
    synchronized void add(Violation violation, String... channels) {
        for (String channel : channels) {
            long id = ids.incrementAndGet();
            entries.put(id, new State(id, channel, violation, 0, Instant.MIN, null, null));
        }
    }

    @Override
    public synchronized List<Entry> due(String channel, Instant now, int limit) {
        return entries.values().stream()
                .filter(s -> s.channel().equals(channel) && s.deliveredAt() == null && !s.retryAt().isAfter(now))
                .sorted(Comparator.comparingLong(State::id))
                .limit(limit)
                .map(s -> new Entry(s.id(), s.channel(), s.violation(), s.attempts()))
                .toList();
    }

    @Override
    public synchronized void delivered(List<Long> entryIds, Instant at) {
        for (long entryId : entryIds) {
            entries.computeIfPresent(entryId, (id, s) -> new State(id, s.channel(), s.violation(), s.attempts() + 1,
                    s.retryAt(), s.error(), at));
        }
    }

    @Override
    public synchronized void failed(long entryId, String error, Instant retryAt) {
        entries.computeIfPresent(entryId, (id, s) -> new State(id, s.channel(), s.violation(), s.attempts() + 1,
                retryAt, error, null));
    }

    @Override
    public synchronized long pending() {
        return entries.values().stream().filter(s -> s.deliveredAt() == null).count();
    }

    synchronized long pending(String channel) {
        return pending(List.of(channel));
    }

    @Override
    public synchronized long pending(Collection<String> channels) {
        return entries.values().stream().filter(s -> channels.contains(s.channel()) && s.deliveredAt() == null).count();
    }

    synchronized List<State> states(String channel) {
        List<State> out = new ArrayList<>(entries.values().stream().filter(s -> s.channel().equals(channel)).toList());
        out.sort(Comparator.comparingLong(State::id));
        return out;
    }
}

package io.slaguard.remediation;

import java.util.LinkedHashMap;
import java.util.Map;

/** A set that remembers at most {@code capacity} keys, forgetting the least recently seen first. Not thread-safe. */
final class RecentKeys<K> {
    private final LinkedHashMap<K, Boolean> keys;

    RecentKeys(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        keys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers the key; true when it was not remembered before. */
    boolean add(K key) {
        return keys.put(key, Boolean.TRUE) == null;
    }

    boolean contains(K key) {
        return keys.get(key) != null;
    }

    int size() {
        return keys.size();
    }
}

package io.slaguard.manager.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.slaguard.manager.config.SlaProperties;

/**
 * Compacts an embedded H2 database file while the manager runs. H2 2.x writes every change to new chunks and gives
 * the space of old ones back to the file only at a clean stop, so a manager that rewrites assessment state every
 * tick grows its file for as long as it runs. Every {@code sla.storage.compact-every}, the live chunks are moved
 * together for at most {@link #MAX_COMPACT_TIME} (writes wait meanwhile) and the file is truncated. Nothing to do
 * on PostgreSQL, whose autovacuum does this.
 */
@Component
public class H2Compaction implements SmartLifecycle {
    /** Longest one compaction may hold up writes: a fraction of a tick. */
    static final Duration MAX_COMPACT_TIME = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);

    private final DataSource dataSource;
    private final Duration every;
    private ScheduledExecutorService scheduler;

    public H2Compaction(DataSource dataSource, SlaProperties properties) {
        this.dataSource = dataSource;
        this.every = properties.storage().compactEvery();
    }

    /** Compacts now; returns the file's bytes after, or -1 when the database is not an embedded H2. */
    public long compact() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return -1;
            }
            var store = session.getDatabase().getStore();
            if (store == null || store.getMvStore().getFileStore() == null) {
                return -1;
            }
            store.compactFile((int) MAX_COMPACT_TIME.toMillis());
            return store.getMvStore().getFileStore().size();
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "h2-compaction");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                long bytes = compact();
                if (bytes >= 0) {
                    log.debug("H2 file compacted: {} bytes", bytes);
                }
            } catch (SQLException | RuntimeException e) {
                log.warn("compacting the H2 file failed (retried later): {}", e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}

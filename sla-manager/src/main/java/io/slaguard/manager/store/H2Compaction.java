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
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.slaguard.manager.config.SlaProperties;

/**
 * Compacts an embedded H2 database file while the manager runs. H2 2.x writes every change to new chunks and,
 * since 2.x no longer does its maintenance when idle, leaves sparsely used chunks in place until a clean stop, so a
 * manager that rewrites assessment state every tick grows its file for as long as it runs. Every
 * {@code sla.storage.compact-every}, the live pages of chunks below {@link #TARGET_FILL_RATE} are rewritten (at most
 * {@link #MAX_REWRITE_BYTES}), which frees those chunks for reuse. This is the compaction H2 runs in its own
 * background writer; moving chunks to truncate the file ({@code compactFile}) is not used while running, since it
 * tripped H2's own consistency checks under concurrent writes. Nothing to do on PostgreSQL (autovacuum).
 */
@Component
public class H2Compaction implements SmartLifecycle {
    /** Chunks less full than this (percent of their bytes live) are rewritten. */
    static final int TARGET_FILL_RATE = 80;
    /** Live bytes one compaction rewrites at most, so it never holds up writes for long. */
    static final int MAX_REWRITE_BYTES = 16 * 1024 * 1024;
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
            MVStore mvStore = store.getMvStore();
            // rewrite the live pages of sparsely filled chunks into new ones, so the old chunks' space is free for
            // reuse; then let the store write and give back what is free at the end of the file
            mvStore.compact(TARGET_FILL_RATE, MAX_REWRITE_BYTES);
            mvStore.commit();
            return mvStore.getFileStore().size();
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

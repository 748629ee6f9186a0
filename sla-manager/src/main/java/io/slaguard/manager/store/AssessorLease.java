package io.slaguard.manager.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes one manager the assessor when several share a PostgreSQL database (the others serve the API): a
 * session-level advisory lock held on a connection of its own. If that manager dies or loses its connection,
 * PostgreSQL releases the lock and another takes over at its next tick. An H2 file is held by one process
 * anyway, so there the lease is always granted.
 */
@Component
public class AssessorLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AssessorLease.class);
    /** "SLAG" in ASCII: the one lock key of the assessor. */
    private static final long LOCK_KEY = 0x534C4147L;

    private final DataSource dataSource;
    private Boolean postgres;
    private Connection held;

    public AssessorLease(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True if this manager is (or has just become) the assessor. */
    public synchronized boolean acquire() {
        try {
            if (!isPostgres()) {
                return true;
            }
            if (held != null) {
                if (held.isValid(2)) {
                    return true;
                }
                log.warn("lost the connection holding the assessor lease; trying to take it again");
                closeQuietly(held);
                held = null;
            }
            Connection connection = dataSource.getConnection();
            if (tryLock(connection)) {
                held = connection;
                log.info("this manager is now the assessor (advisory lock {} on the database)", LOCK_KEY);
                return true;
            }
            connection.close();
            return false;
        } catch (SQLException e) {
            log.warn("cannot reach the database for the assessor lease: {}", e.getMessage());
            return false;
        }
    }

    private boolean isPostgres() throws SQLException {
        if (postgres == null) {
            try (Connection connection = dataSource.getConnection()) {
                postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            }
        }
        return postgres;
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (held == null) {
            return;
        }
        try (PreparedStatement statement = held.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, LOCK_KEY);
            statement.execute();
        } catch (SQLException e) {
            log.debug("releasing the assessor lease: {}", e.getMessage());
        }
        closeQuietly(held);
        held = null;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // the session is gone, and its lock with it
        }
    }
}

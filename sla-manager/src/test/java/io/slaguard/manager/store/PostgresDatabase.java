package io.slaguard.manager.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh database on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust auth), dropped on close. */
public final class PostgresDatabase implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int PORT = 5432;
    private static final String ADMIN = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres?user=postgres";

    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    /** Creates {@code <prefix>_<random>}. */
    public static PostgresDatabase create(String prefix) throws SQLException {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        return new PostgresDatabase(name);
    }

    public static String host() {
        return HOST;
    }

    public static int port() {
        return PORT;
    }

    /** The JDBC URL of the database through {@code port} (PostgreSQL's own, or a proxy's). */
    public String url(int port) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + name + "?user=postgres";
    }

    public String url() {
        return url(PORT);
    }

    @Override
    public void close() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

package io.slaguard.manager.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.slaguard.manager.api.ManagerInstance;

/**
 * The two databases the store supports, for tests parameterized over both: a manager on a fresh database of the
 * kind asked (H2: the temporary file every manager instance gets; PostgreSQL: a new database on the machine's
 * server), the PostgreSQL ones dropped by {@link #dropAll()}.
 */
public final class SupportedDatabases {
    private final String prefix;
    private final List<PostgresDatabase> created = new ArrayList<>();

    /** @param prefix of the PostgreSQL databases' names */
    public SupportedDatabases(String prefix) {
        this.prefix = prefix;
    }

    /** The kinds, for {@code @MethodSource}. */
    public static Stream<String> kinds() {
        return Stream.of("h2", "postgresql");
    }

    public synchronized ManagerInstance manager(String kind, Map<String, Object> settings) throws SQLException {
        Map<String, Object> all = new HashMap<>(settings);
        if (kind.equals("postgresql")) {
            PostgresDatabase fresh = PostgresDatabase.create(prefix);
            created.add(fresh);
            all.put("sla.storage.url", fresh.url());
        }
        return ManagerInstance.start(all);
    }

    public synchronized void dropAll() throws SQLException {
        for (PostgresDatabase database : created) {
            database.close();
        }
        created.clear();
    }
}

package io.slaguard.manager.store;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.slaguard.manager.model.Provider;

/** Providers. A duplicate id raises Spring's {@code DuplicateKeyException}. */
@Repository
public class ProviderRepository {
    private final JdbcClient jdbc;

    public ProviderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Provider> list() {
        return jdbc.sql("SELECT id, name FROM providers ORDER BY id")
                .query((rs, n) -> new Provider(rs.getString("id"), rs.getString("name"))).list();
    }

    public Optional<Provider> find(String id) {
        return jdbc.sql("SELECT id, name FROM providers WHERE id = :id").param("id", id)
                .query((rs, n) -> new Provider(rs.getString("id"), rs.getString("name"))).optional();
    }

    public void insert(Provider provider) {
        jdbc.sql("INSERT INTO providers (id, name) VALUES (:id, :name)")
                .param("id", provider.id()).param("name", provider.name()).update();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM providers WHERE id = :id").param("id", id).update() > 0;
    }
}

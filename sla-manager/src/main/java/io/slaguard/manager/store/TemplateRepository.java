package io.slaguard.manager.store;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.slaguard.manager.model.Template;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agreement templates, looked up by id ignoring case (upstream names them {@code cloudbutton_tooLong} while
 * parameter files say {@code CLOUDBUTTON_tooLong}). A duplicate id (in any case) raises {@code DuplicateKeyException}.
 */
@Repository
public class TemplateRepository {
    private final JdbcClient jdbc;
    private final JsonMapper json;

    public TemplateRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<Template> list() {
        return jdbc.sql("SELECT body FROM templates ORDER BY id")
                .query((rs, n) -> json.readValue(rs.getString("body"), Template.class)).list();
    }

    public Optional<Template> find(String id) {
        return jdbc.sql("SELECT body FROM templates WHERE id_lower = :id").param("id", lower(id))
                .query((rs, n) -> json.readValue(rs.getString("body"), Template.class)).optional();
    }

    public void insert(Template template) {
        jdbc.sql("INSERT INTO templates (id, id_lower, body, version) VALUES (:id, :lower, :body, :version)")
                .param("id", template.id()).param("lower", lower(template.id()))
                .param("body", json.writeValueAsString(template)).param("version", template.version()).update();
    }

    /** Replaces the template of that id (any case); false if there is none. */
    public boolean replace(Template template) {
        return jdbc.sql("UPDATE templates SET id = :id, body = :body, version = :version WHERE id_lower = :lower")
                .param("id", template.id()).param("lower", lower(template.id()))
                .param("body", json.writeValueAsString(template)).param("version", template.version())
                .update() > 0;
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM templates WHERE id_lower = :id").param("id", lower(id)).update() > 0;
    }

    private static String lower(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}

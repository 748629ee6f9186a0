package io.slaguard.manager.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.slaguard.manager.SlaManagerApplication;

/**
 * A real manager for a test: its own H2 file database (kept across {@link #restart()}), a random port, and the
 * given settings; requests go over real HTTP.
 */
public final class ManagerInstance implements AutoCloseable {

    private final Map<String, Object> properties;
    private ConfigurableApplicationContext context;

    private ManagerInstance(Map<String, Object> properties) {
        this.properties = properties;
    }

    /** Starts a manager on a fresh H2 database with the repository's templates and the given settings. */
    public static ManagerInstance start(Map<String, Object> settings) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("sla.storage.url", "jdbc:h2:file:" + tempDir().resolve("sla") + ";DB_CLOSE_ON_EXIT=FALSE");
        properties.put("sla.templates.dir", repositoryTemplates().toString());
        properties.put("sla.legacy.search-default-files", "false");
        properties.put("sla.prometheus.url", "http://127.0.0.1:1");
        properties.put("sla.check-period", "1s");
        properties.putAll(settings);
        ManagerInstance instance = new ManagerInstance(properties);
        instance.startContext();
        return instance;
    }

    /** Closes the context and starts a new one on the same database and settings. */
    public void restart() {
        context.close();
        startContext();
    }

    private void startContext() {
        // as command-line arguments: they outrank application.yml, as an operator's would
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        context = new SpringApplicationBuilder(SlaManagerApplication.class).run(args);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public String url() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public HttpApi api() {
        return new HttpApi(url());
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("sla-manager-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code agreements/templates} of the repository (tests run in the module directory). */
    public static Path repositoryTemplates() {
        return Path.of("..", "agreements", "templates").toAbsolutePath().normalize();
    }
}

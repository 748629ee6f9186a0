package io.slaguard.manager.templates;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import io.slaguard.manager.config.SlaProperties;
import io.slaguard.manager.model.Template;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads {@code <sla.templates.dir>/*.json} at start-up: a new or changed file (by content hash) replaces the
 * stored template, a bad file is reported by name and skipped, and the daemon starts regardless.
 */
@Component
public class TemplateLoader implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(TemplateLoader.class);

    private final TemplateCatalog catalog;
    private final JsonMapper json;
    private final Path dir;

    public TemplateLoader(TemplateCatalog catalog, JsonMapper json, SlaProperties properties) {
        this.catalog = catalog;
        this.json = json;
        this.dir = Path.of(properties.templates().dir());
    }

    @Override
    public void afterSingletonsInstantiated() {
        load();
    }

    /** Loads every file; returns the names of the files skipped as bad. */
    public List<String> load() {
        List<String> skipped = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            log.warn("template directory {} does not exist; no templates loaded from files", dir.toAbsolutePath());
            return skipped;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            log.warn("cannot list template directory {}: {}", dir.toAbsolutePath(), e.getMessage());
            return skipped;
        }
        files.sort(null);
        int loaded = 0;
        for (Path file : files) {
            try {
                byte[] content = Files.readAllBytes(file);
                Template template = json.readValue(content, Template.class);
                TemplateCatalog.Change change = catalog.put(template, TemplateCatalog.hash(content));
                if (change != TemplateCatalog.Change.UNCHANGED) {
                    log.info("template {} {} from {}", template.id(), change.name().toLowerCase(), file.getFileName());
                }
                loaded++;
            } catch (IOException | JacksonException | TemplateException e) {
                log.warn("template file {} skipped: {}", file.getFileName(), e.getMessage());
                skipped.add(file.getFileName().toString());
            }
        }
        log.info("{} templates loaded from {} ({} skipped)", loaded, dir.toAbsolutePath(), skipped.size());
        return skipped;
    }
}

package io.slaguard.manager.templates;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import io.slaguard.manager.config.SlaProperties;
import io.slaguard.manager.model.Template;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the templates at start-up: first the ones shipped inside the jar, then {@code <sla.templates.dir>/*.json},
 * whose files add templates or replace shipped ones by id (ignoring case). A new or changed template (by content
 * hash) replaces the stored one; a bad file is reported by name and skipped, and the daemon starts regardless.
 * Each template's source is logged.
 */
@Component
public class TemplateLoader implements SmartInitializingSingleton {
    /** Where the build puts the repository's {@code agreements/templates} inside the jar. */
    static final String SHIPPED = "agreements/templates";
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

    private record Source(String name, String where, byte[] content) {
    }

    private record Parsed(Template template, String hash, String name, String where) {
    }

    /** Loads every shipped template and file; returns the names of the files skipped as bad. */
    public List<String> load() {
        List<String> skipped = new ArrayList<>();
        Map<String, Parsed> byId = new LinkedHashMap<>();
        List<Source> shipped = shipped();
        parse(shipped, byId, skipped);
        List<Source> files = files(skipped);
        parse(files, byId, skipped);
        int loaded = 0;
        for (Parsed parsed : byId.values()) {
            try {
                TemplateCatalog.Change change = catalog.put(parsed.template(), parsed.hash());
                log.info("template {} {} from {}", parsed.template().id(), change.name().toLowerCase(Locale.ROOT),
                        parsed.where());
                loaded++;
            } catch (TemplateException e) {
                log.warn("template file {} skipped: {}", parsed.where(), e.getMessage());
                skipped.add(parsed.name());
            }
        }
        log.info("{} templates loaded ({} files shipped in the jar, {} in {}; {} skipped)", loaded, shipped.size(),
                files.size(), dir.toAbsolutePath(), skipped.size());
        return skipped;
    }

    private void parse(List<Source> sources, Map<String, Parsed> byId, List<String> skipped) {
        for (Source source : sources) {
            try {
                Template template = json.readValue(source.content(), Template.class);
                if (template.id() == null || template.id().isBlank()) {
                    throw new TemplateException(List.of("Template.Id is empty"));
                }
                // a later source (the directory after the jar) replaces an earlier one by id
                Parsed replaced = byId.put(template.id().toLowerCase(Locale.ROOT),
                        new Parsed(template, TemplateCatalog.hash(source.content()), source.name(), source.where()));
                if (replaced != null) {
                    log.info("template {} from {} replaces the one from {}", template.id(), source.where(),
                            replaced.where());
                }
            } catch (JacksonException | TemplateException e) {
                log.warn("template file {} skipped: {}", source.where(), e.getMessage());
                skipped.add(source.name());
            }
        }
    }

    private List<Source> shipped() {
        List<Source> sources = new ArrayList<>();
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver(getClass().getClassLoader())
                    .getResources("classpath*:" + SHIPPED + "/*.json");
            for (Resource resource : resources) {
                try (InputStream in = resource.getInputStream()) {
                    sources.add(new Source(resource.getFilename(), "the jar (" + SHIPPED + "/" + resource.getFilename() + ")",
                            in.readAllBytes()));
                }
            }
        } catch (IOException e) {
            log.warn("cannot read the templates shipped in the jar: {}", e.getMessage());
        }
        sources.sort(Comparator.comparing(Source::name));
        return sources;
    }

    private List<Source> files(List<String> skipped) {
        List<Source> sources = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            log.info("template directory {} does not exist; only the templates shipped in the jar", dir.toAbsolutePath());
            return sources;
        }
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(paths::add);
        } catch (IOException e) {
            log.warn("cannot list template directory {}: {}", dir.toAbsolutePath(), e.getMessage());
            return sources;
        }
        paths.sort(null);
        for (Path file : paths) {
            try {
                sources.add(new Source(file.getFileName().toString(), file.toAbsolutePath().toString(),
                        Files.readAllBytes(file)));
            } catch (IOException e) {
                log.warn("template file {} skipped: {}", file.toAbsolutePath(), e.getMessage());
                skipped.add(file.getFileName().toString());
            }
        }
        return sources;
    }
}

package io.slaguard.manager.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Before the context starts: maps the legacy {@code slalite.yml} ({@code -f PATH}, else
 * {@code /etc/slalite/slalite.yml}, else {@code ./slalite.yml}, if present) and {@code SLA_*} variables onto
 * {@code sla.*}, below native environment variables and above application.yml; binds to loopback when no API
 * key is configured.
 */
public class LegacyConfigurationPostProcessor implements EnvironmentPostProcessor, Ordered {
    /** Set from the {@code -f PATH} argument by {@link CommandLine#translate}. */
    public static final String CONFIG_FILE_PROPERTY = "sla.legacy.config-file";
    /** False stops the search of the default slalite.yml locations (tests, or an operator who wants none). */
    public static final String SEARCH_DEFAULTS_PROPERTY = "sla.legacy.search-default-files";
    static final String SOURCE_NAME = "legacySlaliteConfiguration";
    static final String LOOPBACK_SOURCE_NAME = "loopbackWithoutApiKeys";
    private static final List<Path> DEFAULT_FILES = List.of(Path.of("/etc/slalite/slalite.yml"), Path.of("slalite.yml"));

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path file = legacyFile(environment);
        Map<String, String> fileValues = file == null ? Map.of() : readFile(file);
        Map<String, String> variables = new LinkedHashMap<>();
        environment.getSystemEnvironment().forEach((k, v) -> variables.put(k, String.valueOf(v)));
        Map<String, Object> mapped = LegacySettings.toNative(fileValues, file == null ? "" : file.toString(), variables);
        if (!mapped.isEmpty()) {
            addAfterEnvironment(environment, new MapPropertySource(SOURCE_NAME, mapped));
        }
        SlaProperties settings = checkNativeSettings(environment);
        // the parsed list, as the API key filter reads it: "api-keys=," is no key at all
        if (settings.security().apiKeys().isEmpty() && !environment.containsProperty("server.address")) {
            environment.getPropertySources().addLast(
                    new MapPropertySource(LOOPBACK_SOURCE_NAME, Map.of("server.address", "127.0.0.1")));
        }
    }

    /**
     * Binds {@code sla.*} once before the context exists, so a bad value stops start-up with its one line
     * before anything else happens (the context binds them again for use).
     */
    private static SlaProperties checkNativeSettings(ConfigurableEnvironment environment) {
        ApplicationConversionService conversions = new ApplicationConversionService();
        conversions.addConverter(new DurationTextConverter());
        return new Binder(ConfigurationPropertySources.get(environment), new PropertySourcesPlaceholdersResolver(environment),
                conversions).bindOrCreate("sla", SlaProperties.class);
    }

    private static void addAfterEnvironment(ConfigurableEnvironment environment, MapPropertySource source) {
        String systemEnvironment = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        if (environment.getPropertySources().contains(systemEnvironment)) {
            environment.getPropertySources().addAfter(systemEnvironment, source);
        } else {
            environment.getPropertySources().addLast(source);
        }
    }

    private static Path legacyFile(ConfigurableEnvironment environment) {
        String given = environment.getProperty(CONFIG_FILE_PROPERTY);
        if (given != null && !given.isBlank()) {
            Path path = Path.of(given);
            if (!Files.isRegularFile(path)) {
                throw new InvalidConfigurationException("-f", given, "no such configuration file");
            }
            return path;
        }
        if (!environment.getProperty(SEARCH_DEFAULTS_PROPERTY, Boolean.class, true)) {
            return null;
        }
        return DEFAULT_FILES.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }

    private static Map<String, String> readFile(Path file) {
        JsonNode root;
        try {
            root = YAMLMapper.builder().build().readTree(file.toFile());
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(file.toString(), null, "not readable YAML: " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root != null && root.isObject()) {
            root.properties().forEach(e -> {
                if (e.getValue().isValueNode()) {
                    values.put(e.getKey(), e.getValue().asString());
                }
            });
        } else if (root != null && !root.isMissingNode() && !root.isNull()) {
            throw new InvalidConfigurationException(file.toString(), null, "expected a map of keys to values");
        }
        return values;
    }
}

package io.slaguard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The repository's files as users get them: found from the test's working directory, parsed as JSON or YAML. */
final class Repo {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Path ROOT = findRoot();

    private Repo() {
    }

    static Path root() {
        return ROOT;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative).normalize();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        return JSON.readTree(read(file));
    }

    static JsonNode yaml(Path file) {
        return YAML.readTree(read(file));
    }

    private static Path findRoot() {
        // surefire runs in the module folder; the root is the ancestor whose pom lists the modules
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && read(pom).contains("<module>system-tests</module>")) {
                return dir;
            }
        }
        throw new IllegalStateException("no parent folder has the root pom.xml listing system-tests");
    }
}

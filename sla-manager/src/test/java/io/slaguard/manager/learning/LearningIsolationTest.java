package io.slaguard.manager.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The assessment never calls the learning plane: agreements see predictions only as series in Prometheus, so a tick
 * cannot wait on training or on the history, and {@code GET /agreements/{id}/queries} shows everything that decides.
 */
class LearningIsolationTest {
    private static final Path MAIN = Path.of("src", "main", "java", "io", "slaguard", "manager");

    @Test
    void neitherTheAssessmentNorItsLoopImportsLearningCode() {
        assertThat(importersOfLearning(MAIN.resolve("assessment"))).isEmpty();
        assertThat(importersOfLearning(MAIN.resolve("loop"))).isEmpty();
    }

    private static List<Path> importersOfLearning(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return Files.readString(f).contains("io.slaguard.manager.learning");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

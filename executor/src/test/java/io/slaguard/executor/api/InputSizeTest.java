package io.slaguard.executor.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputSizeTest {
    private final InputSize namedFile = InputSize.namedFile();

    @Test
    void aRegularFileHasItsSizeAndAnythingElseIsUnknown(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("data"), new byte[777]);

        assertThat(namedFile.of(file.toString())).isEqualTo(OptionalLong.of(777));
        assertThat(namedFile.of(dir.toString())).isEmpty();
        assertThat(namedFile.of(dir.resolve("absent").toString())).isEmpty();
        assertThat(namedFile.of("")).isEmpty();
        assertThat(namedFile.of(null)).isEmpty();
        assertThat(namedFile.of("a\0b")).isEmpty();
        assertThat(namedFile.of("x".repeat(InputSize.MAX_PATH_LENGTH + 1))).isEmpty();
    }
}

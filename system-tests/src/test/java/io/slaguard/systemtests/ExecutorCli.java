package io.slaguard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The executor's command-line classes, as text: what options and variables the CLI declares. */
final class ExecutorCli {
    static final Path SOURCES = Repo.path("executor/src/main/java/io/slaguard/executor/cli");

    private ExecutorCli() {
    }

    static String sources() {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().map(Repo::read)
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

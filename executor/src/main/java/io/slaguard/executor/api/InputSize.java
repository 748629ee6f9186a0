package io.slaguard.executor.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How big a call's input is, in bytes, for the optional {@code function_input_bytes} telemetry that lets the SLA
 * manager learn how a function's duration grows with its input. Asked once per call when its job starts, before
 * the call is queued: a slow answer delays the job's start.
 */
@FunctionalInterface
public interface InputSize {
    /** Longest input that is looked up as a file name (longer ones name no file on the platforms this runs on). */
    int MAX_PATH_LENGTH = 4096;

    /** The size, or empty when unknown. */
    OptionalLong of(String input);

    /** The size of the regular file the input names (a path, relative to the working directory), else unknown. */
    static InputSize namedFile() {
        return input -> {
            if (input == null || input.isEmpty() || input.length() > MAX_PATH_LENGTH) {
                return OptionalLong.empty();
            }
            try {
                Path path = Path.of(input);
                return Files.isRegularFile(path) ? OptionalLong.of(Files.size(path)) : OptionalLong.empty();
            } catch (InvalidPathException | IOException | SecurityException e) {
                return OptionalLong.empty();
            }
        };
    }
}

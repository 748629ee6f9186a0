package io.slaguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** A server binary started for a test, ready once its readiness URL answers 200; stopped on close. */
public class ManagedProcess implements AutoCloseable {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final String readyUrl;
    private final Path log;
    private Process process;

    protected ManagedProcess(String name, List<String> command, String readyUrl, Path workDir) {
        this.name = name;
        this.command = List.copyOf(command);
        this.readyUrl = readyUrl;
        this.log = workDir.resolve(name + ".log");
    }

    /** Starts the process and waits until it is ready. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0)
                    + "): install it, see .ci/run", e);
        }
        Awaitility.await(name + " ready at " + readyUrl).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited: " + tail());
                    }
                    try (Response r = HTTP.newCall(new Request.Builder().url(readyUrl).build()).execute()) {
                        return r.code() == 200;
                    }
                });
    }

    /** Stops the process (SIGTERM, then SIGKILL) and waits for it to exit. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Processes.terminate(process, Duration.ofSeconds(10));
        process = null;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The running process' id, for reading its resource use from /proc. */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    public Path log() {
        return log;
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        stop();
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

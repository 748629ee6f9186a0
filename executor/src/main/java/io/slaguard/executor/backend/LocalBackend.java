package io.slaguard.executor.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.ErrorKind;

/**
 * Runs each attempt on this machine: a command as a real OS process (its whole process tree is killed on
 * cancellation), a Java function on the worker thread (interrupted on cancellation).
 */
public final class LocalBackend implements Backend {
    /** Environment variables a command's process receives. */
    public static final String ENV_INPUT = "SLA_INPUT";
    public static final String ENV_CALL_ID = "SLA_CALL_ID";
    public static final String ENV_JOB_ID = "SLA_JOB_ID";
    public static final String ENV_ATTEMPT = "SLA_ATTEMPT";
    public static final String ENV_INSTANCE = "SLA_INSTANCE";

    private static final Logger log = LoggerFactory.getLogger(LocalBackend.class);
    private static final int MAX_RESULT_BYTES = 16 * 1024 * 1024;
    private static final int STDERR_TAIL_CHARS = 2000;

    private final int workers;

    private LocalBackend(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1: " + workers);
        }
        this.workers = workers;
    }

    /** A local backend running at most {@code workers} attempts at once. */
    public static LocalBackend withWorkers(int workers) {
        return new LocalBackend(workers);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public int concurrency() {
        return workers;
    }

    @Override
    public boolean supports(CallFunction function) {
        return function instanceof CallFunction.Command || function instanceof CallFunction.Java;
    }

    @Override
    public AttemptOutcome run(AttemptRequest request, Cancellation cancellation, StartListener started) {
        if (request.function() instanceof CallFunction.Command command) {
            return runProcess(command, request, cancellation, started);
        }
        if (request.function() instanceof CallFunction.Java java) {
            return runJava(java, request, cancellation, started);
        }
        throw new IllegalArgumentException("the local backend cannot run " + request.function());
    }

    private AttemptOutcome runProcess(CallFunction.Command command, AttemptRequest request, Cancellation cancellation,
                                      StartListener started) {
        Path stderr = null;
        Process process;
        try {
            stderr = Files.createTempFile("sla-call-" + request.callId() + "-", ".stderr");
            ProcessBuilder builder = new ProcessBuilder(command.commandFor(request.input()))
                    .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            Map<String, String> env = builder.environment();
            env.put(ENV_INPUT, request.input());
            env.put(ENV_CALL_ID, request.callId());
            env.put(ENV_JOB_ID, request.jobId());
            env.put(ENV_ATTEMPT, Integer.toString(request.attempt()));
            env.put(ENV_INSTANCE, request.instance());
            process = builder.start();
        } catch (IOException e) {
            deleteQuietly(stderr);
            return AttemptOutcome.failure(ErrorKind.INVOKE_ERROR, null, "cannot start " + command.template().get(0)
                    + ": " + e.getMessage());
        }
        try {
            started.started(process.pid());
            cancellation.onCancel(() -> killTree(process));
            String output = readBounded(process.getInputStream());
            int exitCode = process.waitFor();
            if (exitCode == 0) {
                return AttemptOutcome.success(output, exitCode);
            }
            return AttemptOutcome.failure(ErrorKind.FUNCTION_ERROR, exitCode, tail(stderr));
        } catch (IOException e) {
            killTree(process);
            return AttemptOutcome.failure(ErrorKind.INVOKE_ERROR, null, "reading output: " + e.getMessage());
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            return AttemptOutcome.failure(ErrorKind.INVOKE_ERROR, null, "interrupted");
        } finally {
            deleteQuietly(stderr);
        }
    }

    private AttemptOutcome runJava(CallFunction.Java java, AttemptRequest request, Cancellation cancellation,
                                   StartListener started) {
        Thread runner = Thread.currentThread();
        Object lock = new Object();
        boolean[] running = {true};
        // interrupt only while this attempt still owns the thread: the worker moves on to other attempts
        cancellation.onCancel(() -> {
            synchronized (lock) {
                if (running[0]) {
                    runner.interrupt();
                }
            }
        });
        started.started(-1);
        try {
            return AttemptOutcome.success(java.body().apply(request.input()), null);
        } catch (RuntimeException e) {
            return AttemptOutcome.failure(ErrorKind.FUNCTION_ERROR, null, e.toString());
        } finally {
            synchronized (lock) {
                running[0] = false;
            }
            Thread.interrupted();
        }
    }

    /** Kills the descendants first, so none is re-parented and left running, then the process itself. */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        log.debug("killed process tree of pid {}", process.pid());
    }

    private static String readBounded(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_RESULT_BYTES);
            in.transferTo(java.io.OutputStream.nullOutputStream()); // drained so the process never blocks on a full pipe
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.length() <= STDERR_TAIL_CHARS ? text : "…" + text.substring(text.length() - STDERR_TAIL_CHARS);
        } catch (IOException e) {
            return "";
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", file, e.getMessage());
        }
    }
}

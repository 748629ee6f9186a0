package io.slaguard.bench.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.Processes;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The manager's executable jar in its own JVM, as an operator runs it, with a bounded heap and a GC log. Start-up
 * may take minutes on a loaded machine, so readiness is awaited longer than test-support's servers allow.
 */
final class ManagerProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ManagerProcess.class);
    private static final MediaType JSON = MediaType.get("application/json");

    private final Process process;
    private final int port;
    private final Path gcLog;
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();

    private ManagerProcess(Process process, int port, Path gcLog) {
        this.process = process;
        this.port = port;
        this.gcLog = gcLog;
    }

    /** @param settings {@code sla.*} and other Spring properties, passed as {@code --key=value} */
    static ManagerProcess start(Path jar, String maxHeap, List<String> settings, Path dir) throws IOException {
        Files.createDirectories(dir);
        int port = FreePort.find();
        Path gcLog = dir.resolve("gc.log");
        Path output = dir.resolve("manager.log");
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=" + gcLog, "-jar", jar.toString(), "--server.port=" + port));
        settings.forEach(s -> command.add("--" + s));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        ManagerProcess manager = new ManagerProcess(process, port, gcLog);
        long begin = System.nanoTime();
        Awaitility.await("manager ready at " + manager.url()).atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the manager exited, see " + output);
                    }
                    try (Response r = manager.http.newCall(new Request.Builder().url(manager.url() + "/").build())
                            .execute()) {
                        return r.code() == 200;
                    }
                });
        log.info("manager ready after {} s (pid {}, port {})", String.format("%.1f", (System.nanoTime() - begin) / 1e9),
                process.pid(), port);
        return manager;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path gcLog() {
        return gcLog;
    }

    /** POST /create-agreement; returns the answer. */
    String createAgreement(String templateId, String parametersJson) throws IOException {
        return post("/create-agreement", "{\"template_id\": \"" + templateId + "\", \"parameters\": " + parametersJson
                + "}");
    }

    /** POST /agreements with an agreement written out; returns the answer. */
    String postAgreement(String agreementJson) throws IOException {
        return post("/agreements", agreementJson);
    }

    private String post(String path, String body) throws IOException {
        Request request = new Request.Builder().url(url() + path).post(RequestBody.create(body, JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            if (response.code() != 201) {
                throw new IOException("POST " + path + ": HTTP " + response.code() + " " + text);
            }
            return text;
        }
    }

    String get(String path) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url(url() + path).build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("GET " + path + ": HTTP " + response.code());
            }
            return response.body().string();
        }
    }

    @Override
    public void close() {
        Processes.terminate(process, Duration.ofSeconds(30));
    }
}

package io.slaguard.bench.manager;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.ManagerJvm;
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

    private final ManagerJvm jvm;
    private final Path gcLog;
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();

    private ManagerProcess(ManagerJvm jvm, Path gcLog) {
        this.jvm = jvm;
        this.gcLog = gcLog;
    }

    /** @param settings {@code sla.*} and other Spring properties, passed as {@code --key=value} */
    static ManagerProcess start(Path jar, String maxHeap, List<String> settings, Path dir) {
        int port = FreePort.find();
        Path gcLog = dir.resolve("gc.log");
        List<String> arguments = new ArrayList<>(List.of("--server.port=" + port));
        settings.forEach(s -> arguments.add("--" + s));
        long begin = System.nanoTime();
        ManagerJvm jvm = ManagerJvm.start(jar, dir, port,
                List.of("-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog), arguments, Map.of(),
                ManagerJvm.Readiness.ANSWERING);
        log.info("manager ready after {} s (pid {}, port {})", String.format("%.1f", (System.nanoTime() - begin) / 1e9),
                jvm.pid(), port);
        return new ManagerProcess(jvm, gcLog);
    }

    String url() {
        return jvm.url();
    }

    long pid() {
        return jvm.pid();
    }

    boolean isAlive() {
        return jvm.isAlive();
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

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hook, no clean database close. */
    void kill() throws InterruptedException {
        jvm.kill();
    }

    @Override
    public void close() {
        jvm.close();
    }
}

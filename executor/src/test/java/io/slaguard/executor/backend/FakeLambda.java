package io.slaguard.executor.backend;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Lambda Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}) and PutFunctionConcurrency
 * ({@code PUT /2017-10-31/functions/{name}/concurrency}) on loopback, answering per function name:
 * {@code echo} returns what it got, {@code fails} reports an unhandled function error, {@code throttled} answers
 * 429 TooManyRequestsException, {@code stalls} never answers, {@code straggler} holds attempt 0 until
 * {@link #releaseStragglers()} and answers later attempts at once.
 */
final class FakeLambda implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request the server received. */
    record Received(String method, String function, String path, JsonNode body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch stragglers = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);

    FakeLambda() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> invocationsOf(String function) {
        return received.stream().filter(r -> r.function().equals(function) && r.path().endsWith("/invocations")).toList();
    }

    void releaseStragglers() {
        stragglers.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.split("/");
        String function = parts.length > 3 ? parts[3] : "";
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        received.add(new Received(exchange.getRequestMethod(), function, path, body));
        try (exchange) {
            if (path.endsWith("/concurrency")) {
                respond(exchange, 200, body.toString());
                return;
            }
            switch (function) {
                case "echo" -> respond(exchange, 200, JSON.createObjectNode().set("echoed", body).toString());
                case "fails" -> {
                    exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
                    respond(exchange, 200, "{\"errorMessage\":\"boom\",\"errorType\":\"Exception\"}");
                }
                case "throttled" -> {
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", "TooManyRequestsException");
                    respond(exchange, 429, "{\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\","
                            + "\"Type\":\"User\",\"message\":\"Rate Exceeded.\"}");
                }
                case "stalls" -> awaitQuietly(closing);
                case "straggler" -> {
                    int attempt = body.path("attempt").asInt();
                    if (attempt == 0) {
                        awaitQuietly(stragglers);
                    }
                    respond(exchange, 200, "\"answer-of-attempt-" + attempt + "\"");
                }
                default -> respond(exchange, 404, "{\"Type\":\"User\",\"message\":\"Function not found\"}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        stragglers.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}

package io.slaguard.bench.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.slaguard.protocol.Times;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.testsupport.RabbitBroker;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * How fast the manager's outbox drains a burst of violations to RabbitMQ: one agreement finds N violating keys at
 * one tick (N series pushed to a Pushgateway, a constraint none of them meets, transientTime 1 h so each fires
 * once), and the harness's durable queue bound to the exchange receives the N persistent messages, which the
 * broker writes to disk before it confirms them. Per round: tick instant → first and last message received, the
 * rate between them, and whether every key arrived exactly once. Each round is a new agreement over the same
 * series. Arguments: {@code --manager-jar PATH --violations 1000 --rounds 3 --out FILE}.
 */
public final class OutboxBenchmark {
    private static final Logger log = LoggerFactory.getLogger(OutboxBenchmark.class);
    private static final MediaType TEXT = MediaType.get("text/plain; version=0.0.4");
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final String EXCHANGE = "sla.violations.outbox-bench";
    private static final String METRIC = "outbox_bench_value";

    private OutboxBenchmark() {
    }

    record Round(int violations, int received, int distinct, double tick, double first, double last) {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        Path jar = Path.of(args.get("manager-jar")).toAbsolutePath();
        int violations = Integer.parseInt(args.getOrDefault("violations", "1000"));
        int rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
        Path work = Files.createTempDirectory("outbox-bench");
        log.info("working directory {}", work);
        List<Round> results = new ArrayList<>();
        String queue = "outbox-bench-" + System.currentTimeMillis();
        try (BenchPushgateway pushgateway = BenchPushgateway.launch(work.resolve("pushgateway"), false);
             QueryLoggingPrometheus prometheus = QueryLoggingPrometheus.launch(pushgateway.address(),
                     work.resolve("prometheus"), Duration.ofSeconds(1));
             Connection connection = RabbitBroker.connectionFactory().newConnection("outbox-benchmark")) {
            pushSeries(pushgateway.url(), violations);
            Awaitility.await("series scraped").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().until(() -> prometheus.value("count(" + METRIC + ")") == violations);
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(EXCHANGE, BuiltinExchangeType.TOPIC, true);
            // durable: the broker writes each persistent message to disk before it confirms it to the manager
            channel.queueDeclare(queue, true, false, false, null);
            channel.queueBind(queue, EXCHANGE, "#");
            Map<String, List<Double>> receipts = new ConcurrentHashMap<>();
            Map<String, Double> ticks = new ConcurrentHashMap<>();
            channel.basicConsume(queue, true, (tag, delivery) -> {
                double at = Times.epochSeconds(Instant.now());
                ViolationMessage message = ViolationCodec.decode(delivery.getBody());
                receipts.computeIfAbsent(message.agreementId() + "/" + message.key(), k -> new ArrayList<>()).add(at);
                ticks.putIfAbsent(message.agreementId(), Times.epochSeconds(message.violationTime()));
            }, tag -> { });
            List<String> settings = List.of(
                    "sla.check-period=5s",
                    "sla.transient-time=1h",
                    "sla.prometheus.url=" + prometheus.url(),
                    "sla.notifiers=rabbitmq",
                    "sla.rabbitmq.uri=" + RabbitBroker.uri(),
                    "sla.rabbitmq.exchange=" + EXCHANGE,
                    "sla.rabbitmq.legacy-queue.enabled=false",
                    "sla.storage.url=jdbc:h2:file:" + work.resolve("db/sla") + ";DB_CLOSE_ON_EXIT=FALSE");
            try (ManagerProcess manager = ManagerProcess.start(jar, "256m", settings, work.resolve("manager"))) {
                for (int r = 0; r < rounds; r++) {
                    String agreement = "outbox-" + r;
                    manager.postAgreement("""
                            {"id": "%s", "name": "%s",
                             "details": {"provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
                               "variables": [{"name": "x", "metric": "%s"}],
                               "guarantees": [{"name": "burst", "constraint": "x < 0"}]}}"""
                            .formatted(agreement, agreement, METRIC));
                    Awaitility.await("round " + r + ": " + violations + " messages").atMost(Duration.ofMinutes(5))
                            .pollInterval(Duration.ofMillis(200)).until(() -> keys(receipts, agreement) >= violations);
                    // anything sent twice would arrive right behind: give it a moment
                    Thread.sleep(2000);
                    results.add(round(agreement, violations, receipts, ticks.get(agreement)));
                    Round done = results.get(results.size() - 1);
                    log.info("round {}: {} messages, tick → first {} s, tick → last {} s", r, done.received(),
                            done.first() - done.tick(), done.last() - done.tick());
                }
            } finally {
                channel.queueDelete(queue);
                channel.exchangeDelete(EXCHANGE);
            }
        }
        String report = report(violations, results);
        System.out.println(report);
        if (args.containsKey("out")) {
            Files.writeString(Path.of(args.get("out")), report);
        }
    }

    private static void pushSeries(String pushgatewayUrl, int count) throws IOException {
        StringBuilder body = new StringBuilder("# TYPE " + METRIC + " gauge\n");
        for (int i = 0; i < count; i++) {
            body.append(String.format(Locale.ROOT, "%s{call_id=\"burst-%05d\"} 1%n", METRIC, i));
        }
        Request request = new Request.Builder().url(pushgatewayUrl + "/metrics/job/outbox-bench")
                .put(RequestBody.create(body.toString(), TEXT)).build();
        try (Response response = HTTP.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("push: HTTP " + response.code() + " " + response.body().string());
            }
        }
    }

    private static long keys(Map<String, List<Double>> receipts, String agreement) {
        return receipts.keySet().stream().filter(k -> k.startsWith(agreement + "/")).count();
    }

    private static Round round(String agreement, int violations, Map<String, List<Double>> receipts, double tick) {
        int received = 0;
        int distinct = 0;
        double first = Double.MAX_VALUE;
        double last = 0;
        for (Map.Entry<String, List<Double>> e : receipts.entrySet()) {
            if (e.getKey().startsWith(agreement + "/")) {
                distinct++;
                received += e.getValue().size();
                for (double at : e.getValue()) {
                    first = Math.min(first, at);
                    last = Math.max(last, at);
                }
            }
        }
        return new Round(violations, received, distinct, tick, first, last);
    }

    private static String report(int violations, List<Round> rounds) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%d violations found at one tick, delivered"
                + " to a durable queue as persistent messages; checkPeriod 5 s, transientTime 1 h%n%n", violations));
        out.append("| round | messages | distinct keys | tick → first s | tick → last s | first → last s | messages/s |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            double span = r.last() - r.first();
            out.append(String.format(Locale.ROOT, "| %d | %d | %d | %.3f | %.3f | %.3f | %.0f |%n", i, r.received(),
                    r.distinct(), r.first() - r.tick(), r.last() - r.tick(), span,
                    span > 0 ? (r.received() - 1) / span : Double.NaN));
        }
        return out.toString();
    }
}

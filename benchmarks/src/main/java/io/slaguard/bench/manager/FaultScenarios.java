package io.slaguard.bench.manager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.testsupport.PrometheusServer;
import io.slaguard.testsupport.RabbitBroker;
import io.slaguard.testsupport.TcpProxy;
import tools.jackson.databind.json.JsonMapper;

/**
 * Faults against the manager's jar (H2), each while a fresh agreement's violations are being found or delivered:
 * the broker link cut, the broker link held (sockets open, no byte passing), the manager killed with SIGKILL while
 * its deliveries are held (and restarted on the same database), Prometheus unreachable. Each agreement has
 * {@code --keys} violating keys (transient time 1 h, so each fires once); a consumer bound to the exchange counts
 * what arrives. Per scenario: violations stored, keys received, keys lost, violations fired more than once per key,
 * and messages received more than once per message id (which consumers drop by id). Arguments:
 * {@code --manager-jar PATH --keys 20 --out FILE}.
 */
public final class FaultScenarios {
    private static final Logger log = LoggerFactory.getLogger(FaultScenarios.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String EXCHANGE = "sla.violations.faults";

    private FaultScenarios() {
    }

    record Outcome(String scenario, int keys, int stored, int keysReceived, int messages, int distinctIds,
                   String during) {
        int lost() {
            return keys - keysReceived;
        }

        int firedTwice() {
            return stored - keys;
        }

        int copies() {
            return messages - distinctIds;
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        Path jar = Path.of(args.get("manager-jar")).toAbsolutePath();
        int keys = Integer.parseInt(args.getOrDefault("keys", "20"));
        Path work = Files.createTempDirectory("fault-scenarios");
        List<Outcome> outcomes = new ArrayList<>();
        try (PrometheusServer prometheus = PrometheusServer.launch();
             TcpProxy prometheusPath = TcpProxy.to("127.0.0.1", prometheus.port());
             TcpProxy brokerPath = TcpProxy.to(RabbitBroker.host(), RabbitBroker.port());
             Connection connection = RabbitBroker.connectionFactory().newConnection("fault-scenarios")) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(EXCHANGE, BuiltinExchangeType.TOPIC, true);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, EXCHANGE, "#");
            Map<String, AtomicInteger> byId = new ConcurrentHashMap<>();
            Map<String, AtomicInteger> byKey = new ConcurrentHashMap<>();
            channel.basicConsume(queue, true, (tag, delivery) -> {
                ViolationMessage m = ViolationCodec.decode(delivery.getBody());
                byId.computeIfAbsent(delivery.getProperties().getMessageId(), k -> new AtomicInteger()).incrementAndGet();
                byKey.computeIfAbsent(m.agreementId() + "/" + m.key(), k -> new AtomicInteger()).incrementAndGet();
            }, tag -> { });
            List<String> settings = List.of("sla.check-period=1s", "sla.transient-time=1h",
                    "sla.prometheus.url=http://127.0.0.1:" + prometheusPath.port(), "sla.notifiers=rabbitmq",
                    "sla.rabbitmq.uri=" + RabbitBroker.uri(brokerPath.port()), "sla.rabbitmq.exchange=" + EXCHANGE,
                    "sla.rabbitmq.legacy-queue.enabled=false",
                    "sla.storage.url=jdbc:h2:file:" + work.resolve("db/sla") + ";DB_CLOSE_ON_EXIT=FALSE");
            ManagerProcess manager = ManagerProcess.start(jar, "256m", settings, work.resolve("manager-0"));
            try {
                Scenario run = new Scenario(keys, byId, byKey);

                brokerPath.cut();
                run.create(manager, "cut");
                run.awaitStored(manager, "cut");
                String during = health(manager, "rabbitmq");
                brokerPath.restore();
                outcomes.add(run.finish(manager, "cut", "broker link cut; rabbitmq health while cut: " + during));

                brokerPath.hold();
                run.create(manager, "hold");
                run.awaitStored(manager, "hold");
                ManagerProcess held = manager;
                Awaitility.await("rabbitmq reported DOWN while held").atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> health(held, "rabbitmq").equals("DOWN"));
                brokerPath.release();
                outcomes.add(run.finish(manager, "hold", "broker link held (open, silent); rabbitmq health while"
                        + " held: DOWN"));

                brokerPath.hold();
                run.create(manager, "kill9");
                run.awaitStored(manager, "kill9");
                // let the first publishes go into the held socket before the kill
                Thread.sleep(3000);
                manager.kill();
                brokerPath.release();
                manager = ManagerProcess.start(jar, "256m", settings, work.resolve("manager-1"));
                outcomes.add(run.finish(manager, "kill9", "SIGKILL while deliveries were held, restarted on the same"
                        + " H2 file"));

                prometheusPath.cut();
                run.create(manager, "promdown");
                Thread.sleep(5000);
                int invented = stored(manager, "promdown");
                String prometheusHealth = health(manager, "prometheus");
                prometheusPath.restore();
                outcomes.add(run.finish(manager, "promdown", "Prometheus unreachable for 5 s (5 ticks): " + invented
                        + " violations stored meanwhile, prometheus health " + prometheusHealth));
            } finally {
                manager.close();
                channel.queueDelete(queue);
                channel.exchangeDelete(EXCHANGE);
            }
        }
        String report = report(keys, outcomes);
        System.out.println(report);
        if (args.containsKey("out")) {
            Files.writeString(Path.of(args.get("out")), report);
        }
    }

    /** One agreement per scenario and what its consumer saw. */
    private record Scenario(int keys, Map<String, AtomicInteger> byId, Map<String, AtomicInteger> byKey) {
        void create(ManagerProcess manager, String id) throws Exception {
            StringBuilder metric = new StringBuilder();
            for (int k = 0; k < keys; k++) {
                metric.append(k == 0 ? "" : " or ").append(String.format(Locale.ROOT,
                        "label_replace(vector(1), \\\"call_id\\\", \\\"%s-%03d\\\", \\\"\\\", \\\"\\\")", id, k));
            }
            manager.postAgreement("""
                    {"id": "%s", "name": "%s", "details": {"provider": {"id": "p", "name": "P"},
                     "client": {"id": "c", "name": "C"}, "variables": [{"name": "x", "metric": "%s"}],
                     "guarantees": [{"name": "fault", "constraint": "x < 1"}]}}""".formatted(id, id, metric));
        }

        void awaitStored(ManagerProcess manager, String id) {
            await("violations of " + id + " stored", () -> stored(manager, id) >= keys);
        }

        Outcome finish(ManagerProcess manager, String id, String during) throws Exception {
            await("every key of " + id + " received", () -> keysReceived(id) >= keys);
            // a copy sent twice would arrive right behind: give it a moment
            Thread.sleep(3000);
            int messages = 0;
            int distinct = 0;
            for (Map.Entry<String, AtomicInteger> e : byKey.entrySet()) {
                if (e.getKey().startsWith(id + "/")) {
                    messages += e.getValue().get();
                }
            }
            List<String> ids = JSON.readTree(manager.get("/agreements/" + id + "/violations?limit=1000"))
                    .findValuesAsString("id");
            for (String violationId : ids) {
                if (byId.containsKey(violationId)) {
                    distinct++;
                }
            }
            Outcome outcome = new Outcome(id, keys, stored(manager, id), keysReceived(id), messages, distinct, during);
            log.info("{}", outcome);
            return outcome;
        }

        int keysReceived(String id) {
            return (int) byKey.keySet().stream().filter(k -> k.startsWith(id + "/")).count();
        }
    }

    private static int stored(ManagerProcess manager, String id) throws Exception {
        return JSON.readTree(manager.get("/agreements/" + id + "/violations?limit=1000")).size();
    }

    /** A health component's status; the health answer is a 503 (without the body here) while one is down. */
    private static String health(ManagerProcess manager, String component) {
        try {
            return JSON.readTree(manager.get("/actuator/health")).path("components").path(component).path("status")
                    .asString();
        } catch (Exception e) {
            return "DOWN";
        }
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(condition);
    }

    private static String report(int keys, List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%d violating keys per scenario, each fires"
                + " once (transientTime 1 h), checkPeriod 1 s, H2%n%n", keys));
        out.append("| scenario | violations stored | keys received | lost | fired twice | messages received |"
                + " message ids | copies dropped by id | during the fault |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Outcome o : outcomes) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %s |%n", o.scenario(),
                    o.stored(), o.keysReceived(), o.lost(), o.firedTwice(), o.messages(), o.distinctIds(), o.copies(),
                    o.during()));
        }
        return out.toString();
    }
}

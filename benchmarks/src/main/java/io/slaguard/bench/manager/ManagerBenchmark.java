package io.slaguard.bench.manager;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.bench.manager.ActuatorSampler.Tick;
import io.slaguard.bench.manager.DetectionRun.Detection;
import io.slaguard.protocol.AmqpUri;
import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.Times;
import io.slaguard.testsupport.RabbitBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/architecture.md#figures-to-reach figures of the manager, against real processes: Pushgateway load with {@code pushers} concurrent workers
 * and a count check for lost events; assessment tick time and heap of the manager's jar (bounded heap) with the
 * four cloudbutton templates over the pushed calls; detection latency from a tooLong deadline being crossed to
 * the violation arriving on a queue of our own. Prints a Markdown report.
 */
public final class ManagerBenchmark {
    private static final Logger log = LoggerFactory.getLogger(ManagerBenchmark.class);
    private static final double TFACTOR = 1.3;
    private static final double UNITCOST = 1.6276e-8;
    private static final String DETECTION_AGREEMENT = "detect-tooLong";
    /**
     * notStarted's {@code for}, given explicitly: the templates' default 10 is currently substituted as
     * {@code 1E+1}, which the duration parser refuses.
     */
    private static final int NOT_STARTED_FOR = 15;

    private ManagerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path work = Files.createTempDirectory("manager-bench");
        log.info("working directory {} (logs, query log, GC log; kept for inspection)", work);
        Report report = new Report(options);
        if (options.loadCalls() > 0) {
            // the targets' (docs/architecture.md#figures-to-reach) Pushgateway load: one call per worker, start then end, on a Pushgateway as it ships
            ScaleWorkload load = ScaleWorkload.plan(options.loadCalls() / 100, 100, 1, 1.0, 0,
                    Times.epochSeconds(Instant.now()), 7);
            try (BenchPushgateway pushgateway = BenchPushgateway.launch(work.resolve("load/pushgateway"), true);
                 QueryLoggingPrometheus prometheus = QueryLoggingPrometheus.launch(options.engine(),
                         List.of(pushgateway.address()), work.resolve("load/engine"), Duration.ofSeconds(1))) {
                report.pushes.add(pushPhase(List.of(pushgateway), prometheus, load, options.pushers()));
            }
        }
        List<BenchPushgateway> pushgateways = new ArrayList<>();
        try {
            for (int i = 0; i < options.pushgateways(); i++) {
                pushgateways.add(BenchPushgateway.launch(work.resolve("pushgateway-" + i), options.consistencyCheck()));
            }
            try (QueryLoggingPrometheus prometheus = QueryLoggingPrometheus.launch(options.engine(),
                    pushgateways.stream().map(BenchPushgateway::address).toList(), work.resolve("engine"),
                    options.scrapeInterval())) {
                ScaleWorkload workload = null;
                if (options.scale()) {
                    workload = ScaleWorkload.plan(options.jobs(), options.callsPerJob(), options.instances(),
                            options.finishedShare(), options.stragglersPerJob(), Times.epochSeconds(Instant.now()), 42);
                    report.pushes.add(pushPhase(pushgateways, prometheus, workload, options.pushers()));
                }
                TelemetryPusher pusher = new TelemetryPusher(urls(pushgateways), 10);
                assess(options, work, prometheus, pusher, workload, report);
                report.scrapeAtEnd = scrapeFigures(prometheus, options);
                report.engineResidentMb = prometheus.residentMb();
                pusher.close();
            }
        } finally {
            pushgateways.forEach(BenchPushgateway::close);
        }
        report.loadAverage = Files.readString(Path.of("/proc/loadavg")).trim();
        String text = report.render();
        System.out.println(text);
        if (options.out() != null) {
            Files.writeString(options.out(), text);
        }
    }

    /** One push measurement: the workload pushed by {@code workers} concurrent workers, then counted in Prometheus. */
    record PushPhase(boolean consistencyCheck, int calls, int jobs, int workers, PushLoad.Result result,
                     Map<String, double[]> counts, String scrape) {
    }

    private static List<String> urls(List<BenchPushgateway> pushgateways) {
        return pushgateways.stream().map(BenchPushgateway::url).toList();
    }

    private static PushPhase pushPhase(List<BenchPushgateway> pushgateways, QueryLoggingPrometheus prometheus,
                                       ScaleWorkload workload, int workers) throws InterruptedException {
        TelemetryPusher pusher = new TelemetryPusher(urls(pushgateways), workers);
        try {
            PushLoad.Result result = PushLoad.run(pusher, workload, workers);
            return new PushPhase(pushgateways.get(0).consistencyCheck(), workload.calls().size(),
                    workload.jobs().size(), workers, result, countScraped(prometheus, workload),
                    scrapeFigures(prometheus, null));
        } finally {
            pusher.close();
        }
    }

    /** Prometheus' counts of what was pushed, awaited for up to 90 s until they match. */
    private static Map<String, double[]> countScraped(QueryLoggingPrometheus prometheus, ScaleWorkload workload) {
        String selector = "{" + Telemetry.EXPORTED_INSTANCE + "=~\"" + String.join("|", workload.instances()) + "\"}";
        Map<String, Double> expected = Map.of(
                Telemetry.JOB_TOTAL_CALLS, (double) workload.jobs().size(),
                Telemetry.FUNCTION_START, (double) workload.calls().size(),
                Telemetry.FUNCTION_END, (double) workload.finishedCalls());
        Map<String, double[]> counts = new java.util.TreeMap<>();
        try {
            Awaitility.await(prometheus.engine().option + " holds every pushed event").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                        for (var e : expected.entrySet()) {
                            counts.put(e.getKey(), new double[] {e.getValue(),
                                    prometheus.value("count(" + e.getKey() + selector + ")")});
                        }
                        return counts.values().stream().allMatch(c -> c[0] == c[1]);
                    });
        } catch (ConditionTimeoutException e) {
            log.error("{} does not hold every pushed event: see the report", prometheus.engine().option);
        }
        return counts;
    }

    /** Scrape figures over all Pushgateways; with {@code options}, also the ingestion rate they make. */
    private static String scrapeFigures(QueryLoggingPrometheus prometheus, Options options) {
        try {
            double samples = prometheus.value("sum(scrape_samples_scraped{job=\"pushgateway\"})");
            String rate = options == null ? "" : String.format(Locale.ROOT, " (%.0f samples/s at a %.0f s interval)",
                    samples / options.scrapeIntervalSeconds(), options.scrapeIntervalSeconds());
            return String.format(Locale.ROOT, "scrape of the Pushgateways: %.0f samples per scrape%s, duration max "
                            + "%.3f s over the last 5 min, %.0f failed scrapes (up == 0) in that window", samples, rate,
                    prometheus.value("max(max_over_time(scrape_duration_seconds{job=\"pushgateway\"}[5m]))"),
                    prometheus.value("sum(count_over_time((up{job=\"pushgateway\"} == 0)[5m:1s]))"));
        } catch (IOException e) {
            return "scrape figures unavailable: " + e.getMessage();
        }
    }

    // the manager is closed inside its try on purpose: its GC log is complete only once it has exited
    @SuppressWarnings("try")
    private static void assess(Options options, Path work, QueryLoggingPrometheus prometheus, TelemetryPusher pusher,
                               ScaleWorkload workload, Report report) throws Exception {
        List<String> settings = List.of(
                "sla.check-period=" + options.checkPeriodSeconds() + "s",
                "sla.transient-time=" + options.transientTime().toMillis() / 1000.0 + "s",
                "sla.prometheus.url=" + prometheus.url(),
                "sla.notifiers=rabbitmq",
                "sla.rabbitmq.uri=" + RabbitBroker.uri(),
                "sla.rabbitmq.exchange=" + options.exchange(),
                "sla.rabbitmq.legacy-queue.enabled=false",
                "sla.storage.url=jdbc:h2:file:" + work.resolve("db/sla") + ";DB_CLOSE_ON_EXIT=FALSE",
                "sla.templates.dir=" + options.templates());
        report.command = "java -Xmx" + options.maxHeap() + " -XX:+ExitOnOutOfMemoryError -Xlog:gc:file=gc.log -jar "
                + options.managerJar() + " --" + String.join(" --", settings).replace(RabbitBroker.uri(),
                AmqpUri.parse(RabbitBroker.uri()).masked());
        try (ManagerProcess manager = ManagerProcess.start(options.managerJar(), options.maxHeap(), settings,
                work.resolve("manager"));
             ActuatorSampler sampler = new ActuatorSampler(manager);
             DetectionRun detection = new DetectionRun(options.exchange(), DETECTION_AGREEMENT, TFACTOR)) {
            if (workload != null) {
                manager.createAgreement("cloudbutton_notStarted", "{\"agreementname\": \"scale-notStarted\", "
                        + "\"NOTSTARTEDFOR\": " + NOT_STARTED_FOR + "}");
                manager.createAgreement("cloudbutton_tooLong",
                        "{\"agreementname\": \"scale-tooLong\", \"TFACTOR\": " + TFACTOR + "}");
                manager.createAgreement("cloudbutton_tooCostly", "{\"agreementname\": \"scale-tooCostly\", "
                        + "\"UNITCOST\": " + UNITCOST + ", \"MAXCOST\": " + options.maxCost() + "}");
                // the combined agreement's tooLong and tooCostly queries are the single ones' unless made to differ
                double combinedTfactor = options.distinctParameters() ? TFACTOR + 0.01 : TFACTOR;
                double combinedMaxCost = options.distinctParameters() ? options.maxCost() + 0.01 : options.maxCost();
                manager.createAgreement("cloudbutton_cloudbutton", "{\"agreementname\": \"scale-cloudbutton\", "
                        + "\"NOTSTARTEDFOR\": " + NOT_STARTED_FOR + ", \"TFACTOR\": " + combinedTfactor
                        + ", \"UNITCOST\": " + UNITCOST + ", \"MAXCOST\": " + combinedMaxCost + "}");
            }
            manager.createAgreement("cloudbutton_tooLong",
                    "{\"agreementname\": \"" + DETECTION_AGREEMENT + "\", \"TFACTOR\": " + TFACTOR + "}");
            Awaitility.await("first tick").atMost(Duration.ofMinutes(2)).until(() -> sampler.ticksSeen() >= 0);
            // the tick running while agreements were created may have missed some: count from the next one
            long firstFull = sampler.ticksSeen() + 1;
            Instant measuredFrom = Instant.now();
            double firstPush = Times.epochSeconds(Instant.now()) + 2 * options.checkPeriodSeconds();
            detection.schedule(options.detectionJobs(), firstPush, options.detectionSpacing(), pusher);
            double detectionEnd = firstPush + options.detectionJobs() * options.detectionSpacing() + 5;
            Duration budget = Duration.ofSeconds((long) ((options.ticks() + 4) * (options.checkPeriodSeconds() + 5)
                    + options.detectionJobs() * options.detectionSpacing() + 60));
            try {
                Awaitility.await("ticks and detections").atMost(budget).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !manager.isAlive() || sampler.ticksAfter(firstFull).size() >= options.ticks()
                                && (detection.complete(options.detectionJobs())
                                || Times.epochSeconds(Instant.now()) > detectionEnd + 3 * options.checkPeriodSeconds() + 10));
            } catch (ConditionTimeoutException e) {
                log.error("the run did not finish within {}: reporting what was measured", budget);
            }
            Instant measuredUntil = Instant.now();
            report.managerAlive = manager.isAlive();
            report.ticks = sampler.ticksAfter(firstFull);
            report.skippedTicks = sampler.skipped();
            report.maxHeapUsed = sampler.maxHeapUsed();
            report.heapMax = sampler.heapMax();
            report.maxOutboxPending = sampler.maxOutboxPending();
            report.violations = sampler.violationsByGuarantee();
            report.detections = detection.detections();
            report.detectionPushErrors = detection.pushErrors();
            report.rssPeak = peakRss(manager.pid());
            if (workload != null) {
                report.expectedCostly = costlyInstances(workload, options.maxCost(), Times.epochSeconds(Instant.now()));
                report.costlyReported = violatingKeys(manager.get("/agreements/scale-tooCostly"), "tooCostly");
            }
            sampler.close();
            manager.close();
            report.gc = GcLog.read(manager.gcLog());
            report.queries = QueryLog.between(QueryLog.read(prometheus.queryLog()), measuredFrom, measuredUntil);
            report.alone = timeAlone(prometheus, report.queries);
            deleteExchange(options.exchange());
        }
    }

    /**
     * Each distinct query of the run once more, one after the other, with the manager stopped: what Prometheus
     * needs for it with nothing else querying (the machine's other load still there).
     */
    private static Map<String, List<Double>> timeAlone(QueryLoggingPrometheus prometheus, List<QueryLog.Entry> queries)
            throws IOException {
        Map<String, List<Double>> seconds = new java.util.TreeMap<>();
        for (String query : queries.stream().map(QueryLog.Entry::query).distinct().toList()) {
            for (int i = 0; i < 3; i++) {
                seconds.computeIfAbsent(QueryLog.kind(query), k -> new ArrayList<>()).add(prometheus.time(query));
            }
        }
        return seconds;
    }

    /** Instances whose cost (docs/architecture.md#shipped-guarantees: durations × memory × unit cost, running calls up to now) exceeds the budget. */
    private static long costlyInstances(ScaleWorkload workload, double maxCost, double now) {
        Map<String, Double> cost = workload.jobs().stream().collect(Collectors.groupingBy(ScaleWorkload.Job::instance,
                Collectors.summingDouble(job -> job.memoryMb() * UNITCOST * job.calls().stream()
                        .mapToDouble(c -> (c.finished() ? c.end() : now) - c.start()).sum())));
        return cost.values().stream().filter(c -> c >= maxCost).count();
    }

    /** A guarantee's state and the keys in its {@code last_values}, as GET /agreements/{id} returns them. */
    private static List<String> violatingKeys(String agreementJson, String guarantee) {
        JsonNode assessment = JsonMapper.builder().build().readTree(agreementJson).path("assessment")
                .path("guarantees").path(guarantee);
        List<String> keys = new ArrayList<>(List.of("state " + assessment.path("state").asString()));
        assessment.path("last_values").forEach(v -> keys.add(v.path("key").asString()));
        return keys;
    }

    private static String peakRss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmHWM")).findFirst().map(l -> l.substring(6).trim()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static void deleteExchange(String exchange) {
        try (var connection = RabbitBroker.connectionFactory().newConnection("manager-benchmark-cleanup");
             var channel = connection.createChannel()) {
            channel.exchangeDelete(exchange);
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            log.warn("could not delete the benchmark exchange {}: {}", exchange, e.getMessage());
        }
    }

    /** G1's one-line GC log: heap before → after (committed) per pause. */
    record GcLog(int pauses, double maxBeforeMb, double maxAfterMb, double maxCommittedMb, int fullGcs) {
        private static final Pattern PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

        static GcLog read(Path file) throws IOException {
            int pauses = 0;
            int full = 0;
            double before = 0;
            double after = 0;
            double committed = 0;
            for (String line : Files.readAllLines(file)) {
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    pauses++;
                    full += line.contains("Pause Full") ? 1 : 0;
                    before = Math.max(before, Double.parseDouble(m.group(1)));
                    after = Math.max(after, Double.parseDouble(m.group(2)));
                    committed = Math.max(committed, Double.parseDouble(m.group(3)));
                }
            }
            return new GcLog(pauses, before, after, committed, full);
        }
    }

    /** What was measured, rendered as Markdown. */
    static final class Report {
        private final Options options;
        final List<PushPhase> pushes = new ArrayList<>();
        String scrapeAtEnd = "";
        String command = "";
        boolean managerAlive;
        List<Tick> ticks = List.of();
        int skippedTicks;
        double maxHeapUsed;
        double heapMax;
        double maxOutboxPending;
        Map<String, Double> violations = Map.of();
        List<Detection> detections = List.of();
        List<String> detectionPushErrors = List.of();
        String rssPeak = "?";
        long expectedCostly;
        List<String> costlyReported = List.of();
        GcLog gc;
        List<QueryLog.Entry> queries = List.of();
        Map<String, List<Double>> alone = Map.of();
        String loadAverage = "";
        double[] engineResidentMb = {0, 0};

        Report(Options options) {
            this.options = options;
        }

        String render() {
            var out = new java.io.ByteArrayOutputStream();
            PrintStream p = new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
            p.printf(Locale.ROOT, "Run at %s; load average at the end %s.%n%n", Instant.now(), loadAverage);
            p.printf(Locale.ROOT, "Query engine: %s, scraping %d Pushgateway(s) every %.0f s; its resident set at the "
                            + "end %.0f MB, peak %.0f MB.%n%n", options.engine().option, options.pushgateways(),
                    options.scrapeIntervalSeconds(), engineResidentMb[0], engineResidentMb[1]);
            pushes.forEach(phase -> renderPush(p, phase));
            renderTicks(p);
            renderHeap(p);
            renderDetection(p);
            p.printf("Manager command: `%s`%n", command);
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        }

        private void renderPush(PrintStream p, PushPhase phase) {
            PushLoad.Result push = phase.result();
            p.printf(Locale.ROOT, "### Pushgateway load: %d calls in %d jobs, %d concurrent workers, consistency check %s%n%n",
                    phase.calls(), phase.jobs(), phase.workers(), phase.consistencyCheck() ? "on (as shipped)" : "off");
            p.println("| event | pushes | p50 ms | p95 ms | p99 ms | max ms |");
            p.println("|---|---|---|---|---|---|");
            p.printf("| function_start | %s |%n", Percentiles.of(push.startNanos()).row(1e-6));
            p.printf("| function_end | %s |%n", Percentiles.of(push.endNanos()).row(1e-6));
            List<Long> all = new ArrayList<>(push.startNanos());
            all.addAll(push.endNanos());
            p.printf("| all call events | %s |%n%n", Percentiles.of(all).row(1e-6));
            p.printf(Locale.ROOT, "%d call events in %.1f s (%.0f pushes/s), %d job groups pushed before; %d pushes "
                            + "refused%s.%n%n", push.pushes(), push.wallSeconds(), push.pushes() / push.wallSeconds(),
                    push.jobPushes(), push.failures(), push.errors().isEmpty() ? "" : " (" + push.errors() + ")");
            p.println("| series in Prometheus | pushed | counted |");
            p.println("|---|---|---|");
            phase.counts().forEach((name, c) -> p.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", name, c[0], c[1]));
            boolean lost = phase.counts().isEmpty() || phase.counts().values().stream().anyMatch(c -> c[0] != c[1]);
            p.printf("%n%s. %s.%n%n", lost ? "**Events lost**" : "No lost event", phase.scrape());
        }

        private void renderTicks(PrintStream p) {
            p.printf(Locale.ROOT, "### Assessment ticks (checkPeriod %.0f s, scrape interval %.0f s)%n%n",
                    options.checkPeriodSeconds(), options.scrapeIntervalSeconds());
            p.printf("The combined agreement's parameters: %s.%n%n", options.distinctParameters()
                    ? "TFACTOR and MAXCOST 0.01 above the single agreements' (`--distinct-parameters true`), so its"
                            + " tooLong and tooCostly queries are its own"
                    : "the single agreements' (the default), so its three queries are theirs");
            p.println("| ticks | p50 ms | p95 ms | p99 ms | max ms |");
            p.println("|---|---|---|---|---|");
            p.printf("| %s |%n%n", Percentiles.of(ticks.stream().map(Tick::seconds).toList()).row(1000));
            p.printf("Ticks whose duration could not be isolated (two ends between samples): %d.%n%n", skippedTicks);
            renderTickProfile(p);
            if (queries.isEmpty()) {
                p.println("No query log: the engine's own execution times of the manager's queries are not available"
                        + " (VictoriaMetrics writes none).");
            } else {
                List<Double> measured = new ArrayList<>(QueryLog.secondsByTick(queries).values());
                p.println("Prometheus' own execution time of the manager's queries (query log, `execTotalTime`):");
                p.println();
                p.println("| queries | n | p50 ms | p95 ms | p99 ms | max ms |");
                p.println("|---|---|---|---|---|---|");
                p.printf("| sum per tick | %s |%n", Percentiles.of(measured).row(1000));
                queries.stream().collect(Collectors.groupingBy(QueryLog.Entry::kind, java.util.TreeMap::new,
                                Collectors.mapping(QueryLog.Entry::seconds, Collectors.toList())))
                        .forEach((kind, seconds) -> p.printf("| %s, each | %s |%n", kind, Percentiles.of(seconds).row(1000)));
                alone.forEach((kind, seconds) -> p.printf("| %s, each, alone after the run (wall) | %s |%n", kind,
                        Percentiles.of(seconds).row(1000)));
            }
            p.println();
            p.printf("Violations fired during the run, by guarantee: %s; outbox pending at most %.0f.%n",
                    violations, maxOutboxPending);
            if (options.scale()) {
                p.printf("At the end of the run, %s.%n", scrapeAtEnd);
                p.printf(Locale.ROOT, "Instances over MAXCOST %.2f at the end, computed from the pushed values: %d; "
                        + "scale-tooCostly after its last tick: %s.%n", options.maxCost(), expectedCostly, costlyReported);
            }
            p.println();
        }

        /**
         * Each tick split at its last Prometheus answer: before it the tick waits for queries, after it the manager
         * stores outcomes and updates metrics. A tick's queries carry its instant; the tick began at that instant
         * and its timer ran for {@code seconds} (listing agreements before the timer starts takes milliseconds).
         */
        private void renderTickProfile(PrintStream p) {
            List<Instant> instants = queries.stream().map(QueryLog.Entry::tick).distinct().sorted().toList();
            p.println("| tick | duration ms | queries answered within it | last answer, ms after the tick instant | "
                    + "after the last answer ms |");
            p.println("|---|---|---|---|---|");
            for (Tick tick : ticks) {
                Instant began = tick.seenAt().minusNanos((long) (tick.seconds() * 1e9));
                Instant instant = instants.stream().filter(i -> !i.isAfter(began)).reduce((a, b) -> b).orElse(null);
                if (instant == null) {
                    continue;
                }
                Instant end = instant.plusNanos((long) (tick.seconds() * 1e9));
                List<Instant> answers = queries.stream().filter(e -> e.tick().equals(instant))
                        .map(QueryLog.Entry::answered).filter(a -> !a.isAfter(end)).sorted().toList();
                double last = answers.isEmpty() ? 0
                        : Duration.between(instant, answers.get(answers.size() - 1)).toNanos() / 1e6;
                p.printf(Locale.ROOT, "| %d | %.0f | %d | %.0f | %.0f |%n", tick.number(), tick.seconds() * 1000,
                        answers.size(), last, tick.seconds() * 1000 - last);
            }
            p.println();
        }

        private void renderHeap(PrintStream p) {
            p.printf(Locale.ROOT, "### Heap (-Xmx%s)%n%n", options.maxHeap());
            p.printf(Locale.ROOT, "- heap used, max over the actuator samples (every 0.5 s): %.1f MB (heap max %.0f MB)%n",
                    maxHeapUsed / 1048576, heapMax / 1048576);
            if (gc != null) {
                p.printf(Locale.ROOT, "- GC log: %d pauses (%d full); heap before a pause at most %.0f MB, after at most "
                        + "%.0f MB, committed at most %.0f MB%n", gc.pauses(), gc.fullGcs(), gc.maxBeforeMb(),
                        gc.maxAfterMb(), gc.maxCommittedMb());
            }
            p.printf("- resident set peak (VmHWM): %s; manager alive at the end of the run: %s%n%n", rssPeak,
                    managerAlive);
        }

        private void renderDetection(PrintStream p) {
            double target = options.checkPeriodSeconds() + options.scrapeIntervalSeconds() + 0.5;
            p.printf(Locale.ROOT, "### Detection latency (checkPeriod %.0f s, scrape %.0f s: target p95 ≤ %.1f s)%n%n",
                    options.checkPeriodSeconds(), options.scrapeIntervalSeconds(), target);
            p.println("| interval | n | p50 s | p95 s | p99 s | max s |");
            p.println("|---|---|---|---|---|---|");
            p.printf("| crossing → received | %s |%n", rowSeconds(detections.stream().map(Detection::latency).toList()));
            p.printf("| crossing → tick instant | %s |%n",
                    rowSeconds(detections.stream().map(Detection::crossingToTick).toList()));
            p.printf("| tick instant → received | %s |%n%n",
                    rowSeconds(detections.stream().map(Detection::tickToReceipt).toList()));
            Percentiles latency = Percentiles.of(detections.stream().map(Detection::latency).toList());
            p.printf(Locale.ROOT, "%d of %d deadlines reported; p95 %.2f s %s the target %.1f s.%s%n%n",
                    detections.size(), options.detectionJobs(), latency.p95(), latency.p95() <= target ? "meets" : "misses",
                    target, detectionPushErrors.isEmpty() ? "" : " Push errors: " + detectionPushErrors);
        }

        private static String rowSeconds(List<Double> values) {
            Percentiles s = Percentiles.of(values);
            return String.format(Locale.ROOT, "%d | %.2f | %.2f | %.2f | %.2f", s.n(), s.p50(), s.p95(), s.p99(), s.max());
        }
    }
}

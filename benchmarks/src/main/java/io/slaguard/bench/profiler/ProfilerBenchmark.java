package io.slaguard.bench.profiler;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.slaguard.profiler.CallLabels;
import io.slaguard.profiler.CallProfile;
import io.slaguard.profiler.Profiler;
import io.slaguard.profiler.ProfilerConfig;
import io.slaguard.profiler.ProfilerHandle;
import io.slaguard.protocol.Ids;
import io.slaguard.testsupport.PushgatewayServer;

/**
 * Profiler overhead against a real Pushgateway: CPU of the profiler's threads per monitored call at two sampling
 * intervals, pushes per sample, and the wall time of a CPU-bound workload with and without profiling.
 * Run through {@code benchmarks/profiler/run.sh}.
 */
public final class ProfilerBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final com.sun.management.OperatingSystemMXBean JVM =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final PushgatewayServer pushgateway;
    private final int seconds;
    private final int workMb;

    private ProfilerBenchmark(PushgatewayServer pushgateway, int seconds, int workMb) {
        this.pushgateway = pushgateway;
        this.seconds = seconds;
        this.workMb = workMb;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int[] calls = Arrays.stream(options.getOrDefault("--calls", "1,10,100").split(",")).mapToInt(Integer::parseInt).toArray();
        String intervalList = options.getOrDefault("--intervals", "1,10");
        double[] intervals = intervalList.equals("none") ? new double[0]
                : Arrays.stream(intervalList.split(",")).mapToDouble(Double::parseDouble).toArray();
        int seconds = Integer.parseInt(options.getOrDefault("--seconds", "15"));
        int workMb = Integer.parseInt(options.getOrDefault("--work-mb", "50"));
        int repeat = Integer.parseInt(options.getOrDefault("--repeat", "3"));
        THREADS.setThreadCpuTimeEnabled(true);
        try (PushgatewayServer pushgateway = PushgatewayServer.launch()) {
            ProfilerBenchmark bench = new ProfilerBenchmark(pushgateway, seconds, workMb);
            bench.warmUp();
            System.out.printf("## Profiler CPU per monitored call (calls: sleep %d s)%n%n", seconds);
            System.out.println("| interval | concurrent calls | samples | profiler CPU s | CPU per call (% of one core) | PUTs per sample | dropped |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (double interval : intervals) {
                for (int n : calls) {
                    bench.overhead(Duration.ofMillis(Math.round(interval * 1000)), n);
                }
            }
            System.out.printf("%n## Workload wall time (each call: head -c %dM /dev/zero | sha256sum), 1 s sampling, "
                    + "medians of %d alternating runs, Pushgateway emptied before each run%n%n", workMb, repeat);
            System.out.println("| concurrent calls | without profiler s (range) | with profiler s (range) | difference of medians "
                    + "| JVM CPU s without / with | Pushgateway CPU s without / with | dropped samples |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (int n : calls) {
                List<WallTime> without = new ArrayList<>();
                List<WallTime> with = new ArrayList<>();
                for (int r = 0; r < repeat; r++) {
                    without.add(bench.wallTime(n, null));
                    with.add(bench.wallTime(n, Duration.ofSeconds(1)));
                }
                List<Double> a = without.stream().map(WallTime::seconds).toList();
                List<Double> b = with.stream().map(WallTime::seconds).toList();
                System.out.printf("| %d | %.2f (%s) | %.2f (%s) | %+.1f %% | %.2f / %.2f | %.2f / %.2f | %d |%n", n,
                        median(a), range(a), median(b), range(b), (median(b) - median(a)) / median(a) * 100,
                        median(without.stream().map(WallTime::jvmCpuSeconds).toList()),
                        median(with.stream().map(WallTime::jvmCpuSeconds).toList()),
                        median(without.stream().map(WallTime::pushgatewayCpuSeconds).toList()),
                        median(with.stream().map(WallTime::pushgatewayCpuSeconds).toList()),
                        with.stream().mapToLong(WallTime::dropped).sum());
            }
            System.out.printf("%n## Pushgateway CPU per PUT against the groups it holds (10 calls, 1 s sampling, %d s)%n%n",
                    seconds);
            System.out.println("| groups held | PUTs | Pushgateway CPU per PUT ms |");
            System.out.println("|---|---|---|");
            for (int groups : new int[] {0, 100, 1000}) {
                bench.pushCostWith(groups);
            }
        }
    }

    /**
     * Fills the Pushgateway with {@code groups} other calls' groups (a real sample's size each), then measures its
     * CPU per PUT while 10 calls are profiled: the Pushgateway checks every push against everything it holds.
     */
    private void pushCostWith(int groups) throws Exception {
        wipe();
        String body = syntheticSample();
        for (int i = 0; i < groups; i++) {
            String call = String.format("ffffff-0-M000-%05d", i);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(pushgateway.url()
                            + "/metrics/job/lithops_profiler/instance/ffffff/call_id/" + call))
                    .PUT(HttpRequest.BodyPublishers.ofString(body.replace("CALL", call))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("filling the Pushgateway failed: " + response.body());
            }
        }
        double putsBefore = pushes();
        double cpuBefore = pushgatewayCpuSeconds();
        List<Process> processes = start(10, "sleep " + seconds);
        waitAll(processes, profile(processes, Duration.ofSeconds(1)));
        double puts = pushes() - putsBefore;
        System.out.printf("| %d | %.0f | %.2f |%n", groups, puts, (pushgatewayCpuSeconds() - cpuBefore) / puts * 1000);
    }

    /** A profiler sample of a call with three processes, in the text format, its call id to be filled in. */
    private static String syntheticSample() {
        StringBuilder body = new StringBuilder();
        for (String metric : io.slaguard.protocol.ProfilerMetrics.PER_PROCESS) {
            body.append("# TYPE ").append(metric).append(" gauge\n");
            for (int pid = 1; pid <= 3; pid++) {
                body.append(metric).append("{call_id=\"CALL\",executor_id=\"ffffff-0\",job_id=\"ffffff-0-M000\",pid=\"")
                        .append(pid).append("\",parent_pid=\"").append(pid - 1).append("\"} 1.5\n");
            }
        }
        for (String metric : io.slaguard.protocol.ProfilerMetrics.HOST_WIDE) {
            body.append("# TYPE ").append(metric).append(" gauge\n").append(metric)
                    .append("{call_id=\"CALL\",executor_id=\"ffffff-0\",job_id=\"ffffff-0-M000\"} 2.5\n");
        }
        return body.toString();
    }

    /** Deletes every group (admin API, enabled by test-support). */
    private void wipe() throws IOException, InterruptedException {
        HTTP.send(HttpRequest.newBuilder(URI.create(pushgateway.url() + "/api/v1/admin/wipe"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Loads and compiles the profiler's code paths so the first measured run does not pay for it. */
    private void warmUp() throws Exception {
        List<Process> processes = start(4, "sleep 3");
        waitAll(processes, profile(processes, ProfilerConfig.MIN_INTERVAL));
    }

    private void overhead(Duration interval, int n) throws Exception {
        double putsBefore = pushes();
        ThreadCpu cpu = new ThreadCpu();
        cpu.start();
        List<Process> processes = start(n, "sleep " + seconds);
        List<ProfilerHandle> handles = profile(processes, interval);
        waitAll(processes, handles);
        double cpuSeconds = cpu.stop();
        long samples = handles.stream().map(ProfilerHandle::summary).mapToLong(CallProfile::samples).sum();
        long dropped = handles.stream().map(ProfilerHandle::summary).mapToLong(CallProfile::droppedSamples).sum();
        double puts = pushes() - putsBefore;
        double perCall = cpuSeconds / (n * (double) seconds) * 100;
        System.out.printf("| %.0f s | %d | %d | %.3f | %.3f %% | %.2f | %d |%n", interval.toMillis() / 1000.0, n, samples,
                cpuSeconds, perCall, puts / samples, dropped);
    }

    /** A run's wall time, the CPU the benchmark's JVM (profiler included) used meanwhile, and samples dropped. */
    private record WallTime(double seconds, double jvmCpuSeconds, double pushgatewayCpuSeconds, long dropped) {
    }

    private WallTime wallTime(int n, Duration interval) throws Exception {
        wipe();
        long cpuBefore = JVM.getProcessCpuTime();
        double pushgatewayBefore = pushgatewayCpuSeconds();
        long start = System.nanoTime();
        List<Process> processes = start(n, "head -c " + workMb + "M /dev/zero | sha256sum > /dev/null");
        List<ProfilerHandle> handles = interval == null ? List.of() : profile(processes, interval);
        for (Process p : processes) {
            p.waitFor();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (JVM.getProcessCpuTime() - cpuBefore) / 1e9;
        double pushgatewayCpu = pushgatewayCpuSeconds() - pushgatewayBefore;
        waitAll(processes, handles);
        return new WallTime(wall, cpu, pushgatewayCpu, handles.stream().mapToLong(h -> h.summary().droppedSamples()).sum());
    }

    /** CPU time of the Pushgateway process (a child of this JVM, started by test-support). */
    private static double pushgatewayCpuSeconds() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").endsWith("pushgateway"))
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .mapToDouble(d -> d.toNanos() / 1e9).sum();
    }

    private static String range(List<Double> values) {
        return String.format("%.2f–%.2f", values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    private static List<Process> start(int n, String command) throws IOException {
        List<Process> processes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            processes.add(new ProcessBuilder("sh", "-c", command).start());
        }
        return processes;
    }

    private List<ProfilerHandle> profile(List<Process> processes, Duration interval) {
        Ids.JobRef job = Ids.job(Ids.executorId(Ids.newInstance(), 0), Ids.JobKind.MAP, 0);
        ProfilerConfig config = ProfilerConfig.defaults(pushgateway.url()).withInterval(interval);
        List<ProfilerHandle> handles = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            handles.add(Profiler.start(processes.get(i).pid(), CallLabels.of(job.call(i).callId()), config));
        }
        return handles;
    }

    private static void waitAll(List<Process> processes, List<ProfilerHandle> handles) throws InterruptedException {
        for (Process p : processes) {
            p.waitFor();
        }
        for (ProfilerHandle h : handles) {
            if (!h.awaitFlushed(Duration.ofSeconds(60))) {
                throw new IllegalStateException(h + " did not flush");
            }
        }
    }

    /** Successful PUTs the Pushgateway has answered, from its own metrics. */
    private double pushes() throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(pushgateway.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines()
                .filter(l -> l.startsWith("pushgateway_http_requests_total{") && l.contains("handler=\"push\"")
                        && l.contains("method=\"put\"") && l.contains("code=\"200\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * CPU time of the profiler's threads (named profiler-*) during a run. Sender threads end with their call, so
     * every thread's time is polled and its last value kept.
     */
    private static final class ThreadCpu {
        private final Map<Long, Long> atStart = new ConcurrentHashMap<>();
        private final Map<Long, Long> latest = new ConcurrentHashMap<>();
        private volatile boolean running = true;
        private Thread poller;

        void start() {
            poll(atStart);
            poller = new Thread(() -> {
                while (running) {
                    poll(latest);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-cpu-poller");
            poller.setDaemon(true);
            poller.start();
        }

        double stop() throws InterruptedException {
            running = false;
            poller.join();
            poll(latest);
            long nanos = 0;
            for (Map.Entry<Long, Long> e : latest.entrySet()) {
                nanos += e.getValue() - atStart.getOrDefault(e.getKey(), 0L);
            }
            return nanos / 1e9;
        }

        private static void poll(Map<Long, Long> into) {
            for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith("profiler-")) {
                    long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                    if (cpu >= 0) {
                        into.merge(info.getThreadId(), cpu, Math::max);
                    }
                }
            }
        }
    }
}

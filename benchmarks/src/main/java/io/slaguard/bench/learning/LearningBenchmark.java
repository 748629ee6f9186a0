package io.slaguard.bench.learning;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Predicate;

import io.slaguard.executor.api.AttemptStatus;
import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.InputSize;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.manager.learning.models.CallFeatures;
import io.slaguard.manager.learning.models.DurationModel;
import io.slaguard.manager.learning.models.DurationModelTrainer;
import io.slaguard.manager.learning.models.DurationPrediction;
import io.slaguard.manager.learning.models.ModelReport;
import io.slaguard.manager.learning.models.TrainerSettings;
import io.slaguard.manager.learning.models.TrainingSample;

/**
 * Figures of the duration models.
 *
 * <p>Accuracy: a CPU-bound program whose work grows with its input ({@code bzip2 -9} of a text file) runs through the
 * executor's local backend over files of several sizes, in several runs (map jobs). The first runs are the history
 * the model trains on; the later runs are predicted. The duration of a call is its winning attempt's end minus start,
 * the input size the one the executor pushes ({@link InputSize#namedFile()}). Side by side on the same predicted
 * calls: the model's p50, the baseline (the training calls' mean duration) and the empirical median; the share of
 * calls at or under the model's p95 and under the empirical p95.
 *
 * <p>Training cost: the wall time of {@link DurationModelTrainer#train} on N synthetic history rows (duration growing
 * with input size and shrinking with memory, log-normal noise, a fifth of the rows without an input size), and the
 * time of one prediction.
 *
 * <p>Arguments (all optional): {@code --part accuracy|training|both --sizes-mb 1,2,3,4,6,8 --runs 8
 * --train-runs 6 --calls 60 --workers 2 --rows 100000 --repeat 3 --threads 1,2 --out FILE}.
 */
public final class LearningBenchmark {
    private static final String FUNCTION = "bzip2";
    private static final int MEMORY_MB = 1024;

    private final Map<String, String> args;
    private final StringBuilder report = new StringBuilder();

    private LearningBenchmark(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        LearningBenchmark benchmark = new LearningBenchmark(args);
        String part = args.getOrDefault("part", "both");
        if (!part.equals("training")) {
            benchmark.accuracy();
        }
        if (!part.equals("accuracy")) {
            benchmark.trainingCost();
        }
        if (args.containsKey("out")) {
            Files.writeString(Path.of(args.get("out")), benchmark.report, StandardCharsets.UTF_8);
        }
    }

    private void print(String format, Object... values) {
        String line = String.format(Locale.ROOT, format, values);
        System.out.println(line);
        report.append(line).append('\n');
    }

    // ---- accuracy ----

    private record Call(int run, long inputBytes, double seconds) {
    }

    private void accuracy() throws IOException {
        int[] sizesMb = Arrays.stream(args.getOrDefault("sizes-mb", "1,2,3,4,6,8").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int runs = Integer.parseInt(args.getOrDefault("runs", "8"));
        int trainRuns = Integer.parseInt(args.getOrDefault("train-runs", "6"));
        int callsPerRun = Integer.parseInt(args.getOrDefault("calls", "60"));
        int workers = Integer.parseInt(args.getOrDefault("workers", "2"));
        if (trainRuns < 1 || trainRuns >= runs) {
            throw new IllegalArgumentException("--train-runs must be in 1..runs-1");
        }
        Path dir = Files.createTempDirectory("learning-bench");
        List<Path> files = new ArrayList<>();
        for (int mb : sizesMb) {
            files.add(textFile(dir.resolve("input-" + mb + "mb.txt"), mb * 1_000_000L, mb));
        }
        Random pick = new Random(42);
        List<Call> calls = new ArrayList<>();
        List<String> runLines = new ArrayList<>();
        CallFunction program = CallFunction.command(FUNCTION, List.of("sh", "-c", "bzip2 -9 -c {} > /dev/null"));
        try (FunctionExecutor executor = FunctionExecutor.builder().backend(LocalBackend.withWorkers(workers))
                .memoryMb(MEMORY_MB).telemetryRetention(Duration.ZERO).build()) {
            for (int run = 0; run < runs; run++) {
                List<String> inputs = new ArrayList<>();
                for (int i = 0; i < callsPerRun; i++) {
                    inputs.add(files.get(pick.nextInt(files.size())).toString());
                }
                long began = System.nanoTime();
                List<ResponseFuture> futures = executor.map(program, inputs);
                executor.waitAll(futures);
                for (ResponseFuture future : futures) {
                    CallStatus status = future.status();
                    AttemptStatus winner = status.attempts().get(status.winner());
                    long bytes = InputSize.namedFile().of(status.input()).orElseThrow();
                    calls.add(new Call(run, bytes, Duration.between(winner.start(), winner.end()).toNanos() / 1e9));
                }
                int thisRun = run;
                double secondsPerMb = calls.stream().filter(c -> c.run == thisRun)
                        .mapToDouble(c -> c.seconds / (c.inputBytes / 1e6)).average().orElseThrow();
                String line = String.format(Locale.ROOT, "| %d | %.1f | %.3f | %s |", run + 1,
                        (System.nanoTime() - began) / 1e9, secondsPerMb, loadAverage());
                runLines.add(line);
                System.err.println("run " + line);
            }
        } finally {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        }
        print("## Accuracy: bzip2 -9 over text files of %s MB, local backend, %d workers",
                args.getOrDefault("sizes-mb", "1,2,3,4,6,8"), workers);
        print("");
        print("%d runs of %d calls. Per run, its wall time and the mean duration per MB of input (what machine load "
                + "does to the same work):", runs, callsPerRun);
        print("");
        print("| run | wall time (s) | mean s per MB | load average after |");
        print("|---|---|---|---|");
        runLines.forEach(line -> print("%s", line));
        print("");
        int predictedRuns = runs - trainRuns;
        evaluate("Chronological: runs 1-" + trainRuns + " are the history, the later runs are predicted", calls,
                call -> call.run >= trainRuns, callsPerRun);
        int spacing = runs / predictedRuns;
        List<Integer> interleaved = new ArrayList<>();
        for (int i = 1; i <= predictedRuns; i++) {
            interleaved.add(i * spacing - 1);
        }
        evaluate("Interleaved: runs " + interleaved.stream().map(run -> Integer.toString(run + 1)).toList()
                + " are predicted (the same period as the history), the others are the history", calls,
                call -> interleaved.contains(call.run), callsPerRun);
    }

    private void evaluate(String title, List<Call> calls, Predicate<Call> isPredicted,
                          int callsPerRun) {
        List<TrainingSample> history = new ArrayList<>();
        List<Call> predicted = new ArrayList<>();
        for (Call call : calls) {
            if (!isPredicted.test(call)) {
                history.add(new TrainingSample(features(call.inputBytes, callsPerRun), call.seconds));
            } else {
                predicted.add(call);
            }
        }
        DurationModelTrainer trainer = new DurationModelTrainer(TrainerSettings.defaults());
        long trainStart = System.nanoTime();
        DurationModel model = trainer.train(FUNCTION, history, 1, Instant.now());
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        DurationModel empirical = trainer.train(FUNCTION, history.stream()
                .map(s -> new TrainingSample(CallFeatures.unknown(), s.durationSeconds())).toList(), 1, Instant.now());
        double mean = history.stream().mapToDouble(TrainingSample::durationSeconds).average().orElseThrow();

        double[] actual = predicted.stream().mapToDouble(Call::seconds).toArray();
        DurationPrediction[] predictions = predicted.stream()
                .map(call -> model.predict(features(call.inputBytes, callsPerRun))).toArray(DurationPrediction[]::new);
        DurationPrediction prior = empirical.predict(CallFeatures.unknown());
        ModelReport r = model.report();

        print("### %s", title);
        print("");
        print("History %d calls, predicted %d calls.", history.size(), predicted.size());
        print("Model: %s, trained in %.2f s; its own held-out split: MAE %.3f s vs the mean's %.3f s, p95 coverage %.1f %%.",
                r.kind(), trainSeconds, r.heldOutMae(), r.baselineMae(), 100 * r.p95Coverage());
        print("Reason: %s.", r.reason());
        print("");
        print("| on the %d predicted calls | MAE (s) | MAE / baseline MAE | p95 coverage |", predicted.size());
        print("|---|---|---|---|");
        double baselineMae = mae(actual, i -> mean);
        double modelMae = mae(actual, i -> predictions[(int) i].p50Seconds());
        print("| baseline: mean duration of the history (%.3f s) | %.3f | 1.00 | |", mean, baselineMae);
        print("| empirical quantiles (p50 %.3f s, p95 %.3f s) | %.3f | %.2f | %.1f %% |", prior.p50Seconds(),
                prior.p95Seconds(), mae(actual, i -> prior.p50Seconds()), mae(actual, i -> prior.p50Seconds()) / baselineMae,
                100 * coverage(actual, i -> prior.p95Seconds()));
        print("| %s model (p50, p95) | %.3f | %.2f | %.1f %% |", r.kind(), modelMae, modelMae / baselineMae,
                100 * coverage(actual, i -> predictions[(int) i].p95Seconds()));
        print("");
        print("| input | predicted calls | actual mean (s) | actual max (s) | model p50 (s) | model p95 (s) |");
        print("|---|---|---|---|---|---|");
        Map<Long, List<Integer>> bySize = new TreeMap<>();
        for (int i = 0; i < predicted.size(); i++) {
            bySize.computeIfAbsent(predicted.get(i).inputBytes, k -> new ArrayList<>()).add(i);
        }
        bySize.forEach((bytes, indices) -> {
            DurationPrediction p = model.predict(features(bytes, callsPerRun));
            print("| %.0f MB | %d | %.3f | %.3f | %.3f | %.3f |", bytes / 1e6, indices.size(),
                    indices.stream().mapToDouble(i -> actual[i]).average().orElseThrow(),
                    indices.stream().mapToDouble(i -> actual[i]).max().orElseThrow(), p.p50Seconds(), p.p95Seconds());
        });
        print("");
    }

    private static CallFeatures features(long inputBytes, int jobTotalCalls) {
        return new CallFeatures(MEMORY_MB, inputBytes, jobTotalCalls);
    }

    /** Words of a fixed vocabulary in a seeded random order: text bzip2 has real work on. */
    private static Path textFile(Path path, long bytes, long seed) throws IOException {
        Random random = new Random(seed);
        String[] words = new String[5000];
        for (int i = 0; i < words.length; i++) {
            char[] letters = new char[2 + random.nextInt(8)];
            for (int j = 0; j < letters.length; j++) {
                letters[j] = (char) ('a' + random.nextInt(26));
            }
            words[i] = new String(letters);
        }
        try (Writer out = Files.newBufferedWriter(path, StandardCharsets.US_ASCII)) {
            long written = 0;
            while (written < bytes) {
                String word = words[random.nextInt(words.length)];
                int length = (int) Math.min(word.length() + 1, bytes - written);
                out.write((word + " ").substring(0, length));
                written += length;
            }
        }
        return path;
    }

    private static double mae(double[] actual, DoubleUnaryOperator predictionOf) {
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(actual[i] - predictionOf.applyAsDouble(i));
        }
        return sum / actual.length;
    }

    private static double coverage(double[] actual, DoubleUnaryOperator p95Of) {
        int covered = 0;
        for (int i = 0; i < actual.length; i++) {
            covered += actual[i] <= p95Of.applyAsDouble(i) ? 1 : 0;
        }
        return (double) covered / actual.length;
    }

    // ---- training cost ----

    private void trainingCost() {
        int rows = Integer.parseInt(args.getOrDefault("rows", "100000"));
        int repeat = Integer.parseInt(args.getOrDefault("repeat", "3"));
        int[] threads = Arrays.stream(args.getOrDefault("threads", "1,2").split(","))
                .mapToInt(Integer::parseInt).toArray();
        List<TrainingSample> history = syntheticHistory(rows, 7);
        print("## Training cost: %,d history rows, default settings (%d rounds, depth %d), load average %s at start",
                rows, TrainerSettings.defaults().rounds(), TrainerSettings.defaults().maxDepth(), loadAverage());
        print("");
        print("| xgboost threads | runs | wall time min (s) | median (s) | max (s) | model | held-out MAE / mean's |");
        print("|---|---|---|---|---|---|---|");
        DurationModel last = null;
        // xgboost's threads are OpenMP workers: with more than one they spin-wait, which a busy machine punishes
        for (int threadCount : threads) {
            DurationModelTrainer trainer = new DurationModelTrainer(
                    TrainerSettings.defaults().withThreads(threadCount));
            double[] seconds = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                long start = System.nanoTime();
                last = trainer.train("synthetic", history, i, Instant.now());
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(seconds);
            ModelReport r = last.report();
            print("| %d | %d | %.2f | %.2f | %.2f | %s | %.3f / %.3f s |", threadCount, repeat, seconds[0],
                    seconds[repeat / 2], seconds[repeat - 1], r.kind(), r.heldOutMae(), r.baselineMae());
        }
        int count = 10_000;
        Random random = new Random(3);
        List<CallFeatures> calls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            calls.add(new CallFeatures(1024, random.nextDouble() * 1e9, 100));
        }
        double checksum = 0;
        long start = System.nanoTime();
        for (CallFeatures call : calls) {
            checksum += last.predict(call).p50Seconds();
        }
        double oneByOne = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        for (DurationPrediction prediction : last.predictAll(calls)) {
            checksum -= prediction.p50Seconds();
        }
        double batch = (System.nanoTime() - start) / 1e6;
        print("");
        print("Predicting %,d calls: %.0f ms one at a time (predict), %.0f ms in one batch (predictAll); "
                + "difference of the two answers' sums %.1g s.", count, oneByOne, batch, checksum);
        print("Load average at end: %s.", loadAverage());
        print("");
    }

    /** Durations that grow with the input and shrink with memory, log-normal noise, a fifth without input size. */
    static List<TrainingSample> syntheticHistory(int rows, long seed) {
        Random random = new Random(seed);
        int[] memories = {512, 1024, 2048, 3008};
        List<TrainingSample> samples = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            double memory = memories[random.nextInt(memories.length)];
            double bytes = Math.pow(10, 3 + 6 * random.nextDouble());
            double calls = 1 + random.nextInt(10_000);
            double seconds = (0.2 + bytes / 20e6) * Math.sqrt(1024 / memory) * Math.exp(0.2 * random.nextGaussian());
            samples.add(new TrainingSample(new CallFeatures(memory, random.nextInt(5) == 0 ? Double.NaN : bytes, calls),
                    seconds));
        }
        return samples;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}

package io.slaguard.bench.executor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The benchmarks' {@code --name value} arguments. */
final class BenchArgs {
    private BenchArgs() {
    }

    static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        return args;
    }

    /** A duration given in (fractional) seconds. */
    static Duration seconds(Map<String, String> args, String name, String otherwise) {
        return Duration.ofMillis(Math.round(Double.parseDouble(args.getOrDefault(name, otherwise)) * 1000));
    }
}

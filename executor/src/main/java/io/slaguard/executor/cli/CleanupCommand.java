package io.slaguard.executor.cli;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.slaguard.executor.telemetry.GroupCleaner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Deletes an instance's Pushgateway groups, optionally after a delay (what {@code run} leaves behind for retention). */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = "Delete every Pushgateway group (lifecycle and profiler) of an instance.")
final class CleanupCommand implements Callable<Integer> {
    @Option(names = "--pushgateway", required = true, description = "Pushgateway URL, e.g. http://127.0.0.1:9091")
    URI pushgateway;

    @Option(names = "--instance", required = true, description = "the instance whose groups to delete")
    String instance;

    @Option(names = "--after", defaultValue = "0s", converter = DurationConverter.class,
            description = "wait this long first (default ${DEFAULT-VALUE})")
    Duration after;

    @Override
    public Integer call() throws Exception {
        Thread.sleep(after.toMillis());
        int deleted = new GroupCleaner(pushgateway).deleteInstance(instance);
        System.err.println("deleted " + deleted + " groups of instance " + instance);
        return 0;
    }
}

package io.slaguard.executor.cli;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.slaguard.executor.telemetry.GroupCleaner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Deletes an instance's Pushgateway groups, optionally after a delay (what {@code run} leaves behind for retention). */
@Command(name = "cleanup", mixinStandardHelpOptions = true, versionProvider = ExecutorCli.Version.class,
        description = "Delete every Pushgateway group (lifecycle and profiler) of an instance.")
final class CleanupCommand implements Callable<Integer> {
    @Mixin
    PushgatewayOptions pushgateway;

    @Option(names = "--instance", required = true, description = "the instance whose groups to delete")
    String instance;

    @Option(names = "--after", defaultValue = "0s", converter = DurationConverter.class,
            description = "wait this long first (default ${DEFAULT-VALUE})")
    Duration after;

    @Override
    public Integer call() throws Exception {
        URI url = pushgateway.forInstance(instance);
        if (url == null) {
            throw new IllegalArgumentException("cleanup needs --pushgateway (or $" + PushgatewayOptions.ENV_PUSHGATEWAY_URL + ")");
        }
        Thread.sleep(after.toMillis());
        int deleted = new GroupCleaner(url).deleteInstance(instance);
        System.err.println("deleted " + deleted + " groups of instance " + instance + " from " + url);
        return 0;
    }
}

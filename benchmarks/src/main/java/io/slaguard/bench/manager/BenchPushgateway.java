package io.slaguard.bench.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.slaguard.testsupport.FreePort;
import io.slaguard.testsupport.ManagedProcess;

/**
 * A real Pushgateway with its own persistence file, optionally with {@code --push.disable-consistency-check}:
 * by default every push is checked against every metric the Pushgateway holds, a cost linear in the number of
 * groups (prometheus/pushgateway#290, #313), which is what limits pushes once there are thousands of call groups.
 */
final class BenchPushgateway extends ManagedProcess {
    private final int port;
    private final boolean consistencyCheck;

    private BenchPushgateway(int port, Path dir, boolean consistencyCheck) {
        super("pushgateway-" + port, command(port, dir, consistencyCheck), "http://127.0.0.1:" + port + "/-/ready", dir);
        this.port = port;
        this.consistencyCheck = consistencyCheck;
    }

    private static List<String> command(int port, Path dir, boolean consistencyCheck) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/prometheus-pushgateway",
                "--web.listen-address=127.0.0.1:" + port, "--persistence.file=" + dir.resolve("pushgateway.data")));
        if (!consistencyCheck) {
            command.add("--push.disable-consistency-check");
        }
        return command;
    }

    static BenchPushgateway launch(Path dir, boolean consistencyCheck) throws IOException {
        Files.createDirectories(dir);
        BenchPushgateway pushgateway = new BenchPushgateway(FreePort.find(), dir, consistencyCheck);
        pushgateway.start();
        return pushgateway;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    boolean consistencyCheck() {
        return consistencyCheck;
    }
}

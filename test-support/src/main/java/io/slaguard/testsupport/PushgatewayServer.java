package io.slaguard.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * A real Pushgateway ({@code prometheus-pushgateway}) on a free loopback port. Persistence goes to
 * its own temp file so no state leaks between runs (Debian's default file would be shared).
 */
public final class PushgatewayServer extends ManagedProcess {
    private final int port;

    private PushgatewayServer(int port, Path dir) {
        super("pushgateway-" + port, List.of(binary(), "--web.listen-address=127.0.0.1:" + port,
                "--persistence.file=" + dir.resolve("pushgateway.data"), "--persistence.interval=1s",
                "--web.enable-admin-api"), "http://127.0.0.1:" + port + "/-/ready", dir);
        this.port = port;
    }

    public static PushgatewayServer launch() {
        PushgatewayServer server = new PushgatewayServer(FreePort.find(), tempDir("pushgateway"));
        server.start();
        return server;
    }

    private static String binary() {
        return System.getenv().getOrDefault("PUSHGATEWAY_BIN", "/usr/bin/prometheus-pushgateway");
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code 127.0.0.1:PORT}, as a scrape target. */
    public String address() {
        return "127.0.0.1:" + port;
    }
}

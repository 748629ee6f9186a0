package io.slaguard.bench.manager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongSupplier;

import io.slaguard.testsupport.WorkerTelemetry;

/**
 * The benchmark's side of {@link WorkerTelemetry}: pushes one call's events and returns each push's latency, with a
 * refused or failed push as an {@link IOException} the load counts.
 */
final class TelemetryPusher {
    private final WorkerTelemetry push;

    /** @param connections idle connections kept, so concurrent pushers reuse sockets instead of exhausting ports */
    TelemetryPusher(String pushgatewayUrl, int connections) {
        this.push = new WorkerTelemetry(pushgatewayUrl, connections);
    }

    long job(String instance, String jobId, String function, int totalCalls, int memoryMb) throws IOException {
        return checked(() -> push.job(instance, jobId, function, totalCalls, memoryMb));
    }

    long start(Call call) throws IOException {
        return checked(() -> push.start(call.instance(), call.callId(), call.function(), 0, call.start()));
    }

    long end(Call call) throws IOException {
        return checked(() -> push.end(call.instance(), call.callId(), call.function(), 0, call.end()));
    }

    void close() {
        push.close();
    }

    private static long checked(LongSupplier pushing) throws IOException {
        try {
            return pushing.getAsLong();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** One call's first attempt: start and, when it finished, end, in epoch seconds. */
    record Call(String instance, String jobId, String callId, String function, double start, double end) {
        boolean finished() {
            return !Double.isNaN(end);
        }
    }
}

package io.slaguard.profiler;

import java.io.IOException;
import java.time.Duration;

import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.slaguard.protocol.ProfilerMetrics;

/** PUTs each sample to the call's group, replacing the previous one: processes that ended disappear with it. */
final class PushgatewayPusher implements SamplePusher {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final PushGateway gateway;

    PushgatewayPusher(ProfilerConfig.PushgatewayAddress address, CallLabels call) {
        PushGateway.Builder builder = PushGateway.builder()
                .scheme(Scheme.fromString(address.scheme()))
                .address(address.address())
                .job(ProfilerMetrics.PUSH_JOB)
                .format(Format.PROMETHEUS_TEXT)
                .connectionTimeout(CONNECT_TIMEOUT)
                .readTimeout(READ_TIMEOUT);
        ProfilerMetrics.callGroup(call.instance(), call.callId()).forEach(builder::groupingKey);
        if (address.user() != null) {
            builder.basicAuth(address.user(), address.password());
        }
        this.gateway = builder.build();
    }

    @Override
    public void push(MetricSnapshots sample) throws IOException {
        gateway.push(() -> sample);
    }
}

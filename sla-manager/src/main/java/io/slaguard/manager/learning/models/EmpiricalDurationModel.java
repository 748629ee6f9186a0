package io.slaguard.manager.learning.models;

import java.io.DataInputStream;
import java.io.IOException;

/** The function's own duration quantiles, whatever the call. */
final class EmpiricalDurationModel implements DurationModel {
    private final ModelReport report;
    private final double p50;
    private final double p95;

    EmpiricalDurationModel(ModelReport report, double p50, double p95) {
        this.report = report;
        this.p50 = p50;
        this.p95 = p95;
    }

    static double[] quantiles(double[] durations) {
        return new double[] {Quantiles.of(durations, 0.5), Quantiles.of(durations, 0.95)};
    }

    @Override
    public ModelReport report() {
        return report;
    }

    @Override
    public DurationPrediction predict(CallFeatures features) {
        return new DurationPrediction(p50, p95, ModelReport.EMPIRICAL, report.version());
    }

    @Override
    public byte[] serialize() {
        return ModelCodec.write(report, out -> {
            out.writeDouble(p50);
            out.writeDouble(p95);
        });
    }

    static EmpiricalDurationModel read(ModelReport report, DataInputStream in) throws IOException {
        return new EmpiricalDurationModel(report, in.readDouble(), in.readDouble());
    }
}

package io.slaguard.manager.learning.models;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a model: a header naming the format and its version, the report, then the kind's own body
 * (the empirical quantiles, or the xgboost booster in its UBJSON form with the p95 calibration). A reader refuses a
 * format version it does not know rather than guessing.
 */
final class ModelCodec {
    static final String MAGIC = "slaguard-duration-model";
    static final int FORMAT_VERSION = 1;

    private ModelCodec() {
    }

    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] write(ModelReport report, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeUTF(report.functionName());
            out.writeLong(report.version());
            out.writeLong(report.trainedAt().getEpochSecond());
            out.writeInt(report.trainedAt().getNano());
            out.writeInt(report.samples());
            out.writeInt(report.features().size());
            for (String feature : report.features()) {
                out.writeUTF(feature);
            }
            out.writeUTF(report.kind());
            out.writeDouble(report.heldOutMae());
            out.writeDouble(report.baselineMae());
            out.writeDouble(report.p95Coverage());
            out.writeBoolean(report.served());
            out.writeUTF(report.reason());
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    static DurationModel read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("no stored model: the bytes are empty");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new IllegalArgumentException("not a stored duration model");
            }
            int format = in.readInt();
            if (format != FORMAT_VERSION) {
                throw new IllegalArgumentException("stored model format " + format
                        + " is not readable by this version (it reads format " + FORMAT_VERSION + ")");
            }
            String functionName = in.readUTF();
            long version = in.readLong();
            Instant trainedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            int samples = in.readInt();
            int featureCount = in.readInt();
            if (featureCount < 0 || featureCount > CallFeatures.NAMES.size()) {
                throw new IllegalArgumentException("stored model is corrupt: " + featureCount + " features");
            }
            List<String> features = new ArrayList<>();
            for (int i = 0; i < featureCount; i++) {
                features.add(in.readUTF());
            }
            String kind = in.readUTF();
            ModelReport report = new ModelReport(functionName, version, trainedAt, samples, features, kind,
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readBoolean(), in.readUTF());
            DurationModel model = switch (kind) {
                case ModelReport.EMPIRICAL -> EmpiricalDurationModel.read(report, in);
                case ModelReport.XGBOOST -> XgboostDurationModel.read(report, in);
                default -> throw new IllegalArgumentException("stored model has an unknown kind '" + kind + "'");
            };
            if (in.available() > 0) {
                throw new IllegalArgumentException("stored model is corrupt: " + in.available() + " trailing bytes");
            }
            return model;
        } catch (IOException e) {
            throw new IllegalArgumentException("stored model is truncated or corrupt: " + e, e);
        }
    }
}

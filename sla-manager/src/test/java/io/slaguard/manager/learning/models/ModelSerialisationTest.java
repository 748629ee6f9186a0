package io.slaguard.manager.learning.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ModelSerialisationTest {
    private static final Instant TRAINED_AT = Instant.parse("2026-12-06T08:00:00.123456789Z");
    private static final List<CallFeatures> PROBES = List.of(new CallFeatures(1024, 1e6, 10),
            new CallFeatures(2048, 9e6, 10), new CallFeatures(512, Double.NaN, Double.NaN), CallFeatures.unknown());
    private final DurationModelTrainer trainer = new DurationModelTrainer(TrainerSettings.defaults());

    private static List<TrainingSample> samples(boolean featuresVary) {
        Random random = new Random(4);
        return IntStream.range(0, 300).mapToObj(i -> {
            double megabytes = featuresVary ? 1 + random.nextInt(10) : 4;
            double memory = featuresVary ? 512 * (1 + random.nextInt(4)) : 1024;
            return new TrainingSample(new CallFeatures(memory, megabytes * 1e6, 10),
                    megabytes * (1 + 0.1 * random.nextDouble()));
        }).toList();
    }

    @Test
    void anXgboostModelRoundTrips() {
        assertRoundTrip(trainer.train("f", samples(true), 42, TRAINED_AT), ModelReport.XGBOOST);
    }

    @Test
    void anEmpiricalModelRoundTrips() {
        assertRoundTrip(trainer.train("f", samples(false), 42, TRAINED_AT), ModelReport.EMPIRICAL);
    }

    private void assertRoundTrip(DurationModel model, String kind) {
        assertThat(model.report().kind()).isEqualTo(kind);
        byte[] bytes = model.serialize();

        DurationModel restored = trainer.deserialize(bytes);

        assertThat(restored.report()).isEqualTo(model.report());
        for (CallFeatures probe : PROBES) {
            assertThat(restored.predict(probe)).isEqualTo(model.predict(probe));
        }
        assertThat(restored.serialize()).isEqualTo(bytes);
    }

    @Test
    void bytesThatAreNotAModelOfThisFormatAreAClearError() {
        byte[] good = trainer.train("f", samples(true), 1, TRAINED_AT).serialize();

        assertThatThrownBy(() -> trainer.deserialize(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no stored model: the bytes are empty");
        assertThatThrownBy(() -> trainer.deserialize("{\"hello\":1}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> trainer.deserialize(Arrays.copyOf(good, good.length / 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt");
        assertThatThrownBy(() -> trainer.deserialize(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");

        byte[] future = good.clone();
        int formatAt = 2 + ModelCodec.MAGIC.length();
        ByteBuffer.wrap(future).putInt(formatAt, ModelCodec.FORMAT_VERSION + 1);
        assertThatThrownBy(() -> trainer.deserialize(future))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stored model format 2 is not readable by this version (it reads format 1)");
    }
}

package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;

import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Streams are reproducible: the same seed gives the same values, element by element, in row-major order. */
class DeterminismTest {
    private static final ParameterSpec CONV = Catalogue.weight(8, 4, 3, 3);

    @ParameterizedTest
    @FieldSource("org.initlab.initializers.Catalogue#ALL")
    void sameSeedGivesIdenticalValues(String spec) {
        Initializer initializer = Catalogue.create(spec);
        ParameterSpec parameter = Catalogue.weightFor(spec, 8, 4, 3, 3);

        float[] first = Catalogue.sample(initializer, parameter, 123);
        float[] second = Catalogue.sample(initializer, parameter, 123);
        float[] fromFreshInstance = Catalogue.sample(spec, parameter, 123);

        assertThat(second).containsExactly(first);
        assertThat(fromFreshInstance).containsExactly(first);
    }

    @ParameterizedTest
    @FieldSource("org.initlab.initializers.Catalogue#RANDOM")
    void differentSeedsGiveDifferentValues(String spec) {
        ParameterSpec parameter = Catalogue.weightFor(spec, 8, 4, 3, 3);
        float[] first = Catalogue.sample(spec, parameter, 123);
        float[] second = Catalogue.sample(spec, parameter, 124);

        assertThat(second).isNotEqualTo(first);
        assertThat(countEqualNonZero(first, second)).isLessThan(first.length / 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"trunc-normal", "trunc-normal(mean=3, std=0.5, a=4, b=5)", "variance-scaling",
        "variance-scaling(distribution=uniform)", "pytorch-default", "keras-default", "djl-default"})
    void inverseCdfAndUniformInitializersDrawOneNextDoublePerElement(String spec) {
        SeededRandom random = SeededRandom.of(5);
        Catalogue.create(spec).initialize(CONV, new float[CONV.elementCount()], random);

        SeededRandom replay = SeededRandom.of(5);
        for (int i = 0; i < CONV.elementCount(); i++) {
            replay.nextDouble();
        }
        assertThat(random.nextLong()).isEqualTo(replay.nextLong());
    }

    @ParameterizedTest
    @CsvSource({"variance-scaling(distribution=untruncated_normal), 288", "orthogonal, 288",
        "delta-orthogonal, 32"})
    void gaussianInitializersDrawOneNextGaussianPerMatrixElement(String spec, int draws) {
        SeededRandom random = SeededRandom.of(5);
        Catalogue.create(spec).initialize(CONV, new float[CONV.elementCount()], random);

        SeededRandom replay = SeededRandom.of(5);
        for (int i = 0; i < draws; i++) {
            replay.nextGaussian();
        }
        assertThat(random.nextLong()).isEqualTo(replay.nextLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "dirac", "zero-init", "zeros"})
    void deterministicInitializersDrawNothing(String spec) {
        ParameterSpec parameter = Catalogue.weightFor(spec, 8, 4, 3, 3);
        SeededRandom random = SeededRandom.of(5);
        Catalogue.create(spec).initialize(parameter, new float[parameter.elementCount()], random);

        assertThat(random.nextLong()).isEqualTo(SeededRandom.of(5).nextLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"uniform(a=-2, b=3)", "xavier-uniform(gain=2)", "he-uniform(a=0.3, mode=fan_out)",
        "lecun-uniform"})
    void uniformInitializersDrawOneNextDoublePerElementInRowMajorOrder(String spec) {
        Initializer initializer = Catalogue.create(spec);
        float[] values = Catalogue.sample(initializer, CONV, 77);
        double low;
        double high;
        if (spec.startsWith("uniform")) {
            low = -2;
            high = 3;
        } else {
            high = Math.sqrt(3.0) * initializer.expectedStd(CONV).orElseThrow();
            low = -high;
        }

        SeededRandom replay = SeededRandom.of(77).fork(CONV.path());
        for (int i = 0; i < values.length; i++) {
            assertThat(values[i]).as("element %d", i).isEqualTo((float) (low + (high - low) * replay.nextDouble()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"normal(mean=0.5, std=2)", "xavier-normal", "he-normal(nonlinearity=relu)",
        "lecun-normal"})
    void normalInitializersDrawOneNextGaussianPerElementInRowMajorOrder(String spec) {
        Initializer initializer = Catalogue.create(spec);
        float[] values = Catalogue.sample(initializer, CONV, 77);
        double mean = spec.startsWith("normal") ? 0.5 : 0;
        double std = initializer.expectedStd(CONV).orElseThrow();

        SeededRandom replay = SeededRandom.of(77).fork(CONV.path());
        for (int i = 0; i < values.length; i++) {
            assertThat(values[i]).as("element %d", i).isEqualTo((float) (mean + std * replay.nextGaussian()));
        }
    }

    /** Positions with equal values, not counting those that are 0 in both (structural zeros). */
    private static int countEqualNonZero(float[] a, float[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToIntBits(a[i]) == Float.floatToIntBits(b[i]) && a[i] != 0) {
                n++;
            }
        }
        return n;
    }
}

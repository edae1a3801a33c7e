package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;

import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Streams are reproducible: the same seed gives the same values, element by element, in row-major order. */
class DeterminismTest {
    private static final ParameterSpec CONV = Catalogue.weight(8, 4, 3, 3);

    @ParameterizedTest
    @FieldSource("org.initlab.initializers.Catalogue#ALL")
    void sameSeedGivesIdenticalValues(String spec) {
        Initializer initializer = Catalogue.create(spec);

        float[] first = Catalogue.sample(initializer, CONV, 123);
        float[] second = Catalogue.sample(initializer, CONV, 123);
        float[] fromFreshInstance = Catalogue.sample(spec, CONV, 123);

        assertThat(second).containsExactly(first);
        assertThat(fromFreshInstance).containsExactly(first);
    }

    @ParameterizedTest
    @FieldSource("org.initlab.initializers.Catalogue#RANDOM")
    void differentSeedsGiveDifferentValues(String spec) {
        float[] first = Catalogue.sample(spec, CONV, 123);
        float[] second = Catalogue.sample(spec, CONV, 124);

        assertThat(second).isNotEqualTo(first);
        assertThat(countEqual(first, second)).isLessThan(first.length / 10);
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

    private static int countEqual(float[] a, float[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToIntBits(a[i]) == Float.floatToIntBits(b[i])) {
                n++;
            }
        }
        return n;
    }
}

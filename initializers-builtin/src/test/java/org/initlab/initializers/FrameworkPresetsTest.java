package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.initlab.spi.Fans;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The framework presets: bounds of weights and biases, and the rules for embeddings and normalization. */
class FrameworkPresetsTest {
    private static final TensorShape DENSE_SHAPE = TensorShape.of(300, 500);
    private static final ParameterSpec DENSE = ParameterSpec.weight("0.weight", DENSE_SHAPE, LayerKind.DENSE,
            Nonlinearity.of("relu"));
    private static final ParameterSpec DENSE_BIAS = ParameterSpec.bias("0.bias", 300, DENSE_SHAPE, LayerKind.DENSE,
            Nonlinearity.of("relu"));
    /** fan_in = 3 * 25 = 75, fan_out = 16 * 25 = 400. */
    private static final TensorShape CONV_SHAPE = TensorShape.of(16, 3, 5, 5);
    private static final ParameterSpec CONV = ParameterSpec.weight("1.weight", CONV_SHAPE, LayerKind.CONV,
            Nonlinearity.LINEAR);
    private static final ParameterSpec CONV_BIAS = ParameterSpec.bias("1.bias", 16, CONV_SHAPE, LayerKind.CONV,
            Nonlinearity.LINEAR);
    private static final ParameterSpec EMBEDDING = ParameterSpec.weight("2.weight", TensorShape.of(1000, 64),
            LayerKind.EMBEDDING, Nonlinearity.LINEAR);
    private static final ParameterSpec NORM_SCALE = new ParameterSpec("3.weight", ParameterRole.WEIGHT,
            TensorShape.of(64), LayerKind.NORMALIZATION, Nonlinearity.LINEAR, Optional.empty());
    private static final ParameterSpec NORM_SHIFT = new ParameterSpec("3.bias", ParameterRole.BIAS,
            TensorShape.of(64), LayerKind.NORMALIZATION, Nonlinearity.LINEAR, Optional.empty());

    @Test
    void pytorchDefaultWeightsAreUniformWithinOneOverSqrtFanIn() {
        assertUniformWithin("pytorch-default", DENSE, 1 / Math.sqrt(500));
        assertUniformWithin("pytorch-default", CONV, 1 / Math.sqrt(75));
    }

    @Test
    void pytorchDefaultWeightVarianceIsOneSixthOfHe() {
        double std = Catalogue.create("pytorch-default").expectedStd(DENSE).orElseThrow();
        double he = Catalogue.create("he-normal").expectedStd(DENSE).orElseThrow();

        assertThat(std * std).isCloseTo(1.0 / (3 * 500), within(1e-18));
        assertThat(he * he / (std * std)).isCloseTo(6, within(1e-12));
    }

    @Test
    void pytorchDefaultBoundIsComputedAsKaimingUniformWithSlopeSqrtFive() {
        // PyTorch: gain = sqrt(2 / (1 + a^2)), std = gain / sqrt(fan_in), bound = sqrt(3) * std
        double gain = Math.sqrt(2.0 / (1 + Math.sqrt(5) * Math.sqrt(5)));
        double bound = Math.sqrt(3.0) * (gain / Math.sqrt(500));

        assertThat(Catalogue.create("pytorch-default").expectedStd(DENSE).orElseThrow())
                .isEqualTo(bound / Math.sqrt(3.0));
        assertThat(Catalogue.create("pytorch-default").expectedStd(DENSE))
                .isEqualTo(new HeUniformInitializer(Math.sqrt(5), "fan_in", "leaky_relu").expectedStd(DENSE));
    }

    @Test
    void pytorchDefaultBiasesUseTheFanInOfTheirLayersWeight() {
        assertUniformWithin("pytorch-default", DENSE_BIAS, 1 / Math.sqrt(500));
        assertUniformWithin("pytorch-default", CONV_BIAS, 1 / Math.sqrt(75));
        assertThat(Catalogue.create("pytorch-default").expectedStd(CONV_BIAS).orElseThrow())
                .isCloseTo(1 / Math.sqrt(3 * 75), within(1e-16));
    }

    @Test
    void pytorchDefaultBiasOfALayerWithoutInputsIsZero() {
        ParameterSpec bias = ParameterSpec.bias("0.bias", 4, TensorShape.of(4, 0), LayerKind.DENSE,
                Nonlinearity.LINEAR);

        assertThat(Catalogue.sample("pytorch-default", bias, 1)).containsOnly(0f);
    }

    @Test
    void pytorchDefaultBiasWithoutLayerFansIsRejected() {
        ParameterSpec orphan = new ParameterSpec("5.bias", ParameterRole.BIAS, TensorShape.of(7), LayerKind.DENSE,
                Nonlinearity.LINEAR, Optional.empty());

        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.sample("pytorch-default", orphan, 1))
                .withMessage("pytorch-default needs the fans of the layer that owns bias 5.bias (shape [7]); none "
                        + "were given");
    }

    @Test
    void pytorchDefaultEmbeddingsAreStandardNormalAndNormalizationIsOneAndZero() {
        float[] table = Catalogue.sample("pytorch-default", EMBEDDING, 1);

        assertThat(sampleStd(table)).isCloseTo(1, within(0.02));
        assertThat(Catalogue.create("pytorch-default").expectedStd(EMBEDDING)).hasValue(1);
        assertThat(Catalogue.sample("pytorch-default", NORM_SCALE, 1)).containsOnly(1f);
        assertThat(Catalogue.sample("pytorch-default", NORM_SHIFT, 1)).containsOnly(0f);
    }

    @Test
    void kerasDefaultKernelsAreGlorotUniformAndBiasesZero() {
        assertUniformWithin("keras-default", DENSE, Math.sqrt(6.0 / 800));
        assertUniformWithin("keras-default", CONV, Math.sqrt(6.0 / 475));
        assertThat(Catalogue.sample("keras-default", DENSE_BIAS, 1)).containsOnly(0f);
        assertThat(Catalogue.create("keras-default").expectedStd(DENSE).orElseThrow())
                .isCloseTo(Math.sqrt(2.0 / 800), within(1e-16));
        assertThat(Catalogue.create("keras-default").expectedStd(DENSE_BIAS)).hasValue(0);
    }

    @Test
    void kerasDefaultIsVarianceScalingFanAvgUniformValueForValue() {
        assertThat(Catalogue.sample("keras-default", CONV, 4))
                .containsExactly(Catalogue.sample("variance-scaling(1, fan_avg, uniform)", CONV, 4));
    }

    @Test
    void kerasDefaultEmbeddingsAreUniformWithinFiveHundredthsAndNormalizationIsOneAndZero() {
        assertUniformWithin("keras-default", EMBEDDING, 0.05);
        assertThat(Catalogue.sample("keras-default", NORM_SCALE, 1)).containsOnly(1f);
        assertThat(Catalogue.sample("keras-default", NORM_SHIFT, 1)).containsOnly(0f);
    }

    @Test
    void djlDefaultWeightsUseMagnitudeSixOverTheAverageFan() {
        assertUniformWithin("djl-default", DENSE, Math.sqrt(6 / ((300 + 500) / 2.0)));
        assertUniformWithin("djl-default", CONV, Math.sqrt(6 / ((75 + 400) / 2.0)));
        double glorot = Catalogue.create("xavier-uniform").expectedStd(DENSE).orElseThrow();
        assertThat(Catalogue.create("djl-default").expectedStd(DENSE).orElseThrow() / glorot)
                .isCloseTo(Math.sqrt(2), within(1e-12));
    }

    @Test
    void djlDefaultBiasesAreZeroEmbeddingsAreWeightsAndNormalizationIsOneAndZero() {
        assertThat(Catalogue.sample("djl-default", CONV_BIAS, 1)).containsOnly(0f);
        assertUniformWithin("djl-default", EMBEDDING, Math.sqrt(6 / ((1000 + 64) / 2.0)));
        assertThat(Catalogue.sample("djl-default", NORM_SCALE, 1)).containsOnly(1f);
        assertThat(Catalogue.sample("djl-default", NORM_SHIFT, 1)).containsOnly(0f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch-default", "keras-default", "djl-default"})
    void presetsAreTheirOwnCanonicalSpecAndTakeNoOptions(String spec) {
        assertThat(Catalogue.create(spec)).hasToString(spec).isEqualTo(Catalogue.create(spec + "()"));
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create(spec + "(gain=2)"))
                .withMessage(spec + " takes no options, got 'gain'");
    }

    @Test
    void biasOfALayerWithCustomFansUsesThoseFans() {
        ParameterSpec bias = new ParameterSpec("9.bias", ParameterRole.BIAS, TensorShape.of(10), LayerKind.OTHER,
                Nonlinearity.LINEAR, Optional.of(new Fans(16, 10)));

        assertUniformWithin("pytorch-default", bias, 0.25);
    }

    /** Values lie in {@code [-bound, bound]} and reach close to both ends. */
    private static void assertUniformWithin(String spec, ParameterSpec parameter, double bound) {
        float[] values = Catalogue.sample(spec, parameter, 9);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).as("min of %s on %s", spec, parameter.path()).isGreaterThanOrEqualTo(-bound)
                .isLessThan(-0.9 * bound);
        assertThat(max).as("max of %s on %s", spec, parameter.path()).isLessThan(bound).isGreaterThan(0.9 * bound);
        assertThat(Catalogue.create(spec).expectedStd(parameter).orElseThrow())
                .isCloseTo(bound / Math.sqrt(3), within(1e-12 * bound));
    }

    private static double sampleStd(float[] values) {
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (float v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }
}

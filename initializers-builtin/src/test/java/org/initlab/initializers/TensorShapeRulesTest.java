package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.initlab.spi.Initializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which tensors each initializer accepts: fan-based ones need 2 dimensions, zero elements are a no-op. */
class TensorShapeRulesTest {
    private static final ParameterSpec BIAS = ParameterSpec.bias("0.bias", 7, TensorShape.of(7, 3), LayerKind.DENSE,
            Nonlinearity.of("relu"));

    @ParameterizedTest
    @CsvSource({
        "xavier-uniform, xavier-uniform",
        "glorot-normal, xavier-normal",
        "he-uniform, he-uniform",
        "kaiming-normal(mode=fan_out), he-normal",
        "lecun-uniform, lecun-uniform",
        "lecun-normal, lecun-normal"})
    void fanBasedInitializersRejectABiasNamingTheShapeAndParameter(String spec, String name) {
        Initializer initializer = Catalogue.create(spec);
        String message = name + " needs a tensor with at least 2 dimensions, got shape [7] (parameter 0.bias)";

        assertThatIllegalArgumentException()
                .isThrownBy(() -> initializer.initialize(BIAS, new float[7], SeededRandom.of(1)))
                .withMessage(message);
        assertThatIllegalArgumentException().isThrownBy(() -> initializer.expectedStd(BIAS)).withMessage(message);
    }

    @ParameterizedTest
    @FieldSource("org.initlab.initializers.Catalogue#FAN_BASED")
    void fanBasedInitializersRejectAScalar(String spec) {
        ParameterSpec scalar = ParameterSpec.weight("scale", TensorShape.of(), LayerKind.OTHER, Nonlinearity.LINEAR);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Catalogue.create(spec).initialize(scalar, new float[1], SeededRandom.of(1)))
                .withMessage(spec + " needs a tensor with at least 2 dimensions, got shape [] (parameter scale)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zeros", "ones", "constant(0.1)", "uniform(a=-0.1, b=0.1)", "normal(std=0.01)"})
    void initializersWithoutFansAcceptABias(String spec) {
        float[] values = Catalogue.sample(spec, BIAS, 1);

        assertThat(values).hasSize(7);
        assertThat(Catalogue.create(spec).expectedStd(BIAS)).isPresent();
    }

    @ParameterizedTest
    @FieldSource("org.initlab.initializers.Catalogue#ALL")
    void zeroElementTensorsAreANoOpThatDrawsNothing(String spec) {
        for (int[] dims : new int[][] {{0, 5}, {5, 0}, {8, 0, 3, 3}, {0, 0}}) {
            ParameterSpec empty = Catalogue.weight(dims);
            SeededRandom random = SeededRandom.of(3);

            Catalogue.create(spec).initialize(empty, new float[0], random);

            assertThat(random.nextLong()).as("first draw after %s on %s", spec, empty.shape())
                    .isEqualTo(SeededRandom.of(3).nextLong());
        }
    }

    @ParameterizedTest
    @FieldSource("org.initlab.initializers.Catalogue#ALL")
    void anArrayOfTheWrongLengthIsRejected(String spec) {
        ParameterSpec parameter = Catalogue.weight(4, 6);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Catalogue.create(spec).initialize(parameter, new float[23], SeededRandom.of(1)))
                .withMessage("parameter 0.weight with shape [4, 6] needs 24 values, got an array of 23");
    }
}

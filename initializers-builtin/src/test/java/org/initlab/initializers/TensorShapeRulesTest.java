package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.initlab.spi.Initializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.Test;
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
        "lecun-normal, lecun-normal",
        "variance-scaling(mode=fan_avg), variance-scaling",
        "orthogonal(2), orthogonal"})
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
    @ValueSource(strings = {"zeros", "ones", "constant(0.1)", "uniform(a=-0.1, b=0.1)", "normal(std=0.01)",
        "trunc-normal(std=0.02)", "pytorch-default", "keras-default", "djl-default"})
    void initializersWithoutFansAcceptABias(String spec) {
        float[] values = Catalogue.sample(spec, BIAS, 1);

        assertThat(values).hasSize(7);
        assertThat(Catalogue.create(spec).expectedStd(BIAS)).isPresent();
    }

    @ParameterizedTest
    @FieldSource("org.initlab.initializers.Catalogue#ALL")
    void zeroElementTensorsAreANoOpThatDrawsNothing(String spec) {
        int tested = 0;
        for (int[] dims : new int[][] {{0, 5}, {5, 0}, {0, 0}, {4, 0, 3}, {8, 0, 3, 3}, {2, 2, 0, 3, 3}}) {
            if (!Catalogue.acceptsRank(spec, dims.length)) {
                continue;
            }
            ParameterSpec empty = Catalogue.weight(dims);
            SeededRandom random = SeededRandom.of(3);

            Catalogue.create(spec).initialize(empty, new float[0], random);

            assertThat(random.nextLong()).as("first draw after %s on %s", spec, empty.shape())
                    .isEqualTo(SeededRandom.of(3).nextLong());
            tested++;
        }
        assertThat(tested).isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "identity        | [7]          | identity needs a tensor with 2 dimensions",
        "eye(2)          | [4, 4, 3]    | identity needs a tensor with 2 dimensions",
        "sparse(0.5)     | [4, 4, 3]    | sparse needs a tensor with 2 dimensions",
        "sparse(0.1)     | [7]          | sparse needs a tensor with 2 dimensions",
        "dirac           | [4, 4]       | dirac needs a tensor with 3, 4 or 5 dimensions",
        "dirac(groups=2) | [2, 2, 2, 2, 2, 2] | dirac needs a tensor with 3, 4 or 5 dimensions",
        "delta-orthogonal | [4, 4]      | delta-orthogonal needs a tensor with 3, 4 or 5 dimensions",
        "zero-init       | [7]          | zero-init needs a tensor with 2, 3, 4 or 5 dimensions",
        "zero-init       | [1, 1, 1, 1, 1, 1] | zero-init needs a tensor with 2, 3, 4 or 5 dimensions",
        "orthogonal      | []           | orthogonal needs a tensor with at least 2 dimensions"})
    void structuredInitializersRejectOtherRanksNamingTheShapeAndParameter(String spec, String shape,
                                                                         String message) {
        ParameterSpec parameter = Catalogue.weight(TensorShape.parse(shape).dims());
        Initializer initializer = Catalogue.create(spec);
        String expected = message + ", got shape " + shape + " (parameter 0.weight)";

        assertThatIllegalArgumentException().isThrownBy(() -> initializer.initialize(parameter,
                new float[parameter.elementCount()], SeededRandom.of(1))).withMessage(expected);
        assertThatIllegalArgumentException().isThrownBy(() -> initializer.expectedStd(parameter))
                .withMessage(expected);
    }

    @Test
    void diracRejectsOutChannelsNotDivisibleByGroups() {
        ParameterSpec parameter = Catalogue.weight(8, 4, 3);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Catalogue.sample("dirac(groups=3)", parameter, 1))
                .withMessage("dirac needs out channels (dimension 0) divisible by groups=3, got shape [8, 4, 3] "
                        + "(parameter 0.weight)");
    }

    @Test
    void deltaOrthogonalRejectsFewerOutThanInChannels() {
        ParameterSpec parameter = Catalogue.weight(4, 8, 3, 3);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Catalogue.sample("delta-orthogonal", parameter, 1))
                .withMessage("delta-orthogonal needs at least as many out channels (dimension 0) as in channels "
                        + "(dimension 1), got shape [4, 8, 3, 3] (parameter 0.weight)");
    }

    @Test
    void shapeRulesApplyToEmptyTensorsToo() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Catalogue.sample("dirac(groups=3)", Catalogue.weight(4, 0, 3), 1))
                .withMessageStartingWith("dirac needs out channels (dimension 0) divisible by groups=3");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Catalogue.sample("identity", Catalogue.weight(0, 3, 3), 1))
                .withMessageStartingWith("identity needs a tensor with 2 dimensions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pytorch-default", "keras-default", "djl-default"})
    void presetsRejectAOneDimensionalWeight(String spec) {
        ParameterSpec vector = ParameterSpec.weight("3.weight", TensorShape.of(5), LayerKind.DENSE,
                Nonlinearity.LINEAR);

        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.sample(spec, vector, 1))
                .withMessage(spec + " needs a tensor with at least 2 dimensions, got shape [5] (parameter 3.weight)");
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

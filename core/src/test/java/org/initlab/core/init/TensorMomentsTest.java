package org.initlab.core.init;

import static org.assertj.core.api.Assertions.assertThat;

import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.Test;

class TensorMomentsTest {
    @Test
    void momentsOfAKnownTensorArePopulationOnes() {
        TensorMoments m = TensorMoments.of(new float[] {1, 2, 3, 4});
        assertThat(m.mean()).isEqualTo(2.5);
        assertThat(m.secondMoment()).isEqualTo(7.5);
        assertThat(m.variance()).isEqualTo(1.25);
        assertThat(m.std()).isEqualTo(Math.sqrt(1.25));
        assertThat(TensorMoments.of(new double[] {1, 2, 3, 4})).isEqualTo(m);
    }

    @Test
    void aLargeMeanDoesNotCancelTheVariance() {
        // one pass (E[x^2] - E[x]^2) loses every digit here; two passes keep the exact 0.25
        double[] values = {1e9, 1e9 + 1, 1e9, 1e9 + 1};
        assertThat(TensorMoments.of(values).variance()).isEqualTo(0.25);
    }

    @Test
    void aParameterTensorReportsTheSameMomentsAndZeroWhenEmpty() {
        float[] values = {0.5f, -1.25f, 3f};
        ParameterTensor tensor = new ParameterTensor(ParameterSpec.weight("0.weight", TensorShape.of(3, 1),
                LayerKind.DENSE, Nonlinearity.of("linear")), values);
        assertThat(tensor.mean()).isEqualTo(TensorMoments.of(values).mean());
        assertThat(tensor.std()).isEqualTo(TensorMoments.of(values).std()).isGreaterThan(1.7);
        assertThat(TensorMoments.of(new float[0]).mean()).isNaN();
    }
}

package org.example.initlab.kumar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.Test;

class KumarNormalProviderTest {
    private final KumarNormalProvider provider = new KumarNormalProvider();

    private Initializer create(Map<String, String> options) {
        return provider.create(InitializerOptions.of(provider.name(), provider.options(), options));
    }

    @Test
    void sigmoidLayersGetStdOfAbout3Point6OverSqrtFanIn() {
        ParameterSpec w = ParameterSpec.weight("0.weight", TensorShape.of(400, 900), LayerKind.DENSE,
                Nonlinearity.of("sigmoid"));
        float[] values = new float[400 * 900];
        create(Map.of()).initialize(w, values, SeededRandom.of(1));
        double sumSq = 0;
        for (float v : values) {
            sumSq += v * v;
        }
        assertThat(Math.sqrt(sumSq / values.length)).isCloseTo(Math.sqrt(12.8 / 900), within(0.002));
        assertThat(create(Map.of()).expectedStd(w).getAsDouble() * Math.sqrt(900))
                .isCloseTo(3.5777, within(1e-4));
    }

    @Test
    void tanhIsLeCun() {
        ParameterSpec w = ParameterSpec.weight("0.weight", TensorShape.of(10, 100), LayerKind.DENSE,
                Nonlinearity.of("tanh"));
        assertThat(create(Map.of("nonlinearity", "tanh")).expectedStd(w).getAsDouble()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void biasesAreRejected() {
        ParameterSpec b = ParameterSpec.bias("0.bias", 10, TensorShape.of(10, 100), LayerKind.DENSE,
                Nonlinearity.of("sigmoid"));
        assertThatThrownBy(() -> create(Map.of()).initialize(b, new float[10], SeededRandom.of(1)))
                .hasMessageContaining("at least 2 dimensions");
        assertThat(provider.options()).hasSize(1);
        assertThat(List.of(provider.name())).containsExactly("kumar-normal");
    }
}

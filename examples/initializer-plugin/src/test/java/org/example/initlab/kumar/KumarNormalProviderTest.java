package org.example.initlab.kumar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.ParameterSpec;
import org.initlab.testkit.initializers.InitializerContractKit;
import org.junit.jupiter.api.Test;

/**
 * The plugin against initlab's initializer contract kit (discovery, determinism, every element written, the
 * error for a bias, the distribution under a Kolmogorov-Smirnov test, the spec string round trip), plus the
 * paper's number.
 */
class KumarNormalProviderTest extends InitializerContractKit {

    @Override
    protected InitializerProvider provider() {
        return new KumarNormalProvider();
    }

    @Override
    protected List<String> specs() {
        return List.of("kumar-normal", "kumar-normal(nonlinearity=tanh)");
    }

    @Override
    protected List<ParameterSpec> unsupportedParameters() {
        return List.of(bias(10));
    }

    /** Kumar's Var(W) = 1 / (fan_in g'(0)^2 (1 + g(0)^2)): sigmoid g(0) = 1/2, g'(0) = 1/4; tanh 0 and 1. */
    @Override
    protected Optional<ContinuousDistribution> expectedDistribution(String spec, ParameterSpec parameter) {
        int[] shape = parameter.shape().dims();
        double fanIn = shape[1];
        for (int i = 2; i < shape.length; i++) {
            fanIn *= shape[i];
        }
        double variance = spec.contains("tanh") ? 1 / fanIn : 1 / (fanIn * 0.0625 * 1.25);
        return Optional.of(NormalDistribution.of(0, Math.sqrt(variance)));
    }

    @Test
    void sigmoidLayersGetTheStdOfAbout3Point6OverSqrtFanInThePaperQuotes() {
        assertThat(create("kumar-normal").expectedStd(weight(10, 900)).getAsDouble() * Math.sqrt(900))
                .isCloseTo(3.5777, within(1e-4));
    }
}

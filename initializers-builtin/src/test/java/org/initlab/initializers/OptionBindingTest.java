package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.initlab.spi.Gain;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.OptionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options bound through the providers: defaults, positional values, and the messages for bad values. */
class OptionBindingTest {

    @Test
    void heDefaultsArePyTorchs() {
        for (String name : new String[] {"he-uniform", "he-normal"}) {
            InitializerProvider provider = Catalogue.provider(name);
            assertThat(provider.options()).map(OptionSpec::toString)
                    .containsExactly("a=0", "mode=fan_in", "nonlinearity=leaky_relu");
            assertThat(provider.options().get(2).type()).isEqualTo(OptionType.CHOICE);
            assertThat(provider.options().get(2).choices()).isEqualTo(Gain.NONLINEARITIES);
            assertThat(provider.options().get(1).choices()).containsExactly("fan_in", "fan_out");
        }
        assertThat(Catalogue.create("he-normal")).isEqualTo(new HeNormalInitializer(0, "fan_in", "leaky_relu"))
                .isEqualTo(new HeNormalInitializer());
        assertThat(Catalogue.create("he-uniform")).isEqualTo(new HeUniformInitializer());
    }

    @Test
    void otherDefaultsArePyTorchs() {
        assertThat(Catalogue.provider("uniform").options()).map(OptionSpec::toString).containsExactly("a=0", "b=1");
        assertThat(Catalogue.provider("normal").options()).map(OptionSpec::toString)
                .containsExactly("mean=0", "std=1");
        assertThat(Catalogue.provider("xavier-uniform").options()).map(OptionSpec::toString).containsExactly("gain=1");
        assertThat(Catalogue.provider("xavier-normal").options()).map(OptionSpec::toString).containsExactly("gain=1");
        assertThat(Catalogue.provider("constant").options()).map(OptionSpec::toString).containsExactly("value");
        assertThat(Catalogue.create("uniform")).isEqualTo(new UniformInitializer(0, 1));
        assertThat(Catalogue.create("normal")).isEqualTo(new NormalInitializer(0, 1));
        assertThat(Catalogue.create("xavier-normal")).isEqualTo(new XavierNormalInitializer(1));
    }

    @Test
    void constantTakesItsValuePositionally() {
        assertThat(Catalogue.create("constant(0.5)")).isEqualTo(new ConstantInitializer(0.5))
                .hasToString("constant(value=0.5)");
        assertThat(Catalogue.sample("constant(0.5)", Catalogue.weight(2, 3), 1)).containsOnly(0.5f);
    }

    @Test
    void positionalValuesFollowPyTorchsArgumentOrder() {
        assertThat(Catalogue.create("uniform(-1, 2)")).isEqualTo(new UniformInitializer(-1, 2));
        assertThat(Catalogue.create("normal(1, 0.5)")).isEqualTo(new NormalInitializer(1, 0.5));
        assertThat(Catalogue.create("he-normal(0.1, fan_out, relu)"))
                .isEqualTo(new HeNormalInitializer(0.1, "fan_out", "relu"));
        assertThat(Catalogue.create("xavier-uniform(2)")).isEqualTo(new XavierUniformInitializer(2));
    }

    @Test
    void constantWithoutValueIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("constant"))
                .withMessage("constant needs option 'value' (the value of every element)");
    }

    @Test
    void unknownOptionIsRejectedWithTheClosestName() {
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("he-normal(mdoe=fan_out)"))
                .withMessage("unknown option 'mdoe' for he-normal (options: a, mode, nonlinearity); "
                        + "did you mean 'mode'?");
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("xavier-uniform(gian=2)"))
                .withMessage("unknown option 'gian' for xavier-uniform (options: gain); did you mean 'gain'?");
    }

    @Test
    void optionlessInitializersRejectAnyOption() {
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("lecun-normal(mode=fan_out)"))
                .withMessage("lecun-normal takes no options, got 'mode'");
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("zeros(1)"))
                .withMessage("zeros takes no options, got '1'");
    }

    @Test
    void modeOutsideItsChoicesIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("he-uniform(mode=fan_avg)"))
                .withMessage("option 'mode' of he-uniform must be one of fan_in, fan_out, got 'fan_avg'");
    }

    @Test
    void nonlinearityWithoutPyTorchGainIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("he-normal(nonlinearity=gelu)"))
                .withMessage("option 'nonlinearity' of he-normal must be one of "
                        + String.join(", ", Gain.NONLINEARITIES) + ", got 'gelu'");
    }

    @Test
    void negativeStdIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("normal(std=-1)"))
                .withMessage("option 'std' of normal must be >= 0, got -1");
    }

    @Test
    void upperBoundBelowLowerBoundIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("uniform(a=1, b=0)"))
                .withMessage("option 'b' of uniform must be >= a, got a=1, b=0");
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("uniform(b=-0.5)"))
                .withMessage("option 'b' of uniform must be >= a, got a=0, b=-0.5");
    }

    @Test
    void uniformWiderThanTheLargestDoubleIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("uniform(a=-1e308, b=1e308)"))
                .withMessage("uniform needs a finite width b - a, got a=-1.0E308, b=1.0E308");
    }

    @Test
    void negativeGainIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("xavier-normal(gain=-0.5)"))
                .withMessage("option 'gain' of xavier-normal must be >= 0, got -0.5");
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("glorot-uniform(-2)"))
                .withMessage("option 'gain' of xavier-uniform must be >= 0, got -2");
    }

    @Test
    void valueThatIsNotANumberIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("normal(std=wide)"))
                .withMessage("option 'std' of normal must be a number, got 'wide'");
    }

    @Test
    void directConstructionValidatesLikeTheProvider() {
        assertThatIllegalArgumentException().isThrownBy(() -> new NormalInitializer(0, -1))
                .withMessage("option 'std' of normal must be >= 0, got -1");
        assertThatIllegalArgumentException().isThrownBy(() -> new HeNormalInitializer(0, "fan_avg", "relu"))
                .withMessage("option 'mode' of he-normal must be one of fan_in, fan_out, got 'fan_avg'");
        assertThatIllegalArgumentException().isThrownBy(() -> new HeUniformInitializer(0, "fan_in", "gelu"))
                .withMessageStartingWith("option 'nonlinearity' of he-uniform must be one of linear, ");
        assertThatIllegalArgumentException().isThrownBy(() -> new ConstantInitializer(Double.NaN))
                .withMessage("option 'value' of constant must be finite, got NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> new UniformInitializer(0, Double.POSITIVE_INFINITY))
                .withMessage("option 'b' of uniform must be finite, got Infinity");
    }

    @Test
    void aliasCreatesTheSameInitializerAsItsCanonicalName() {
        assertThat(Catalogue.create("kaiming-normal(mode=fan_out)"))
                .isEqualTo(Catalogue.create("he-normal(mode=fan_out)"))
                .hasToString("he-normal(mode=fan_out)");
        assertThat(Catalogue.create("glorot-uniform")).isEqualTo(Catalogue.create("xavier-uniform"));
        assertThat(Catalogue.create("zero")).isEqualTo(Catalogue.create("zeros"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "he-normal(nonlinearity=relu, mode=fan_out) | he-normal(mode=fan_out, nonlinearity=relu)",
        "kaiming-uniform(a=0.1)                     | he-uniform(a=0.1)",
        "he-uniform(0, fan_in, leaky_relu)          | he-uniform",
        "normal(0, 0.01)                            | normal(std=0.01)",
        "normal(mean=-1e-3)                         | normal(mean=-0.001)",
        "uniform(-1, 1)                             | uniform(a=-1)",
        "xavier-uniform(gain=1.0)                   | xavier-uniform",
        "glorot-normal(2)                           | xavier-normal(gain=2)",
        "zero                                       | zeros",
        "ones()                                     | ones",
        "constant(1e-3)                             | constant(value=0.001)",
        "constant(value=-0)                         | constant(value=-0)",
        "normal(mean=-0, std=-0.0)                  | normal(std=-0)",
        "lecun-normal()                             | lecun-normal",
        "lecun-uniform                              | lecun-uniform"})
    void toStringIsTheCanonicalSpecAndParsesBackToAnEqualInitializer(String spec, String canonical) {
        var initializer = Catalogue.create(spec);

        assertThat(initializer).hasToString(canonical);
        assertThat(Catalogue.create(initializer.toString())).isEqualTo(initializer);
        assertThat(Catalogue.options(spec).canonicalSpec()).as("the form results files and reports show")
                .isEqualTo(canonical);
    }

    @Test
    void canonicalSpecAgreesWithTheSpiForDefaults() {
        for (InitializerProvider provider : Catalogue.providers()) {
            if (provider.options().stream().noneMatch(OptionSpec::required)) {
                InitializerOptions defaults = InitializerOptions.of(provider.name(), provider.options(), Map.of(),
                        Catalogue::create);
                assertThat(provider.create(defaults)).hasToString(defaults.canonicalSpec());
            }
        }
    }
}

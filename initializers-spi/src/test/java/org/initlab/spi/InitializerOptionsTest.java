package org.initlab.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.initlab.spi.internal.OptionBinding;
import org.initlab.spi.internal.SpecArgument;
import org.initlab.spi.internal.SpecString;
import org.junit.jupiter.api.Test;

class InitializerOptionsTest {
    private static final List<OptionSpec> HE = List.of(
            OptionSpec.number("a", 0, "negative slope"),
            OptionSpec.choice("mode", "fan_in", List.of("fan_in", "fan_out"), "which fan"),
            OptionSpec.choice("nonlinearity", "leaky_relu", Gain.NONLINEARITIES, "following nonlinearity"));

    private static InitializerOptions bind(String spec) {
        SpecString s = SpecString.parse(spec);
        return bind(s.name(), HE, s.arguments(), InitializerResolver.NONE);
    }

    private static InitializerOptions bind(String name, List<OptionSpec> declared, List<SpecArgument> arguments) {
        return bind(name, declared, arguments, InitializerResolver.NONE);
    }

    private static InitializerOptions bind(String name, List<OptionSpec> declared, List<SpecArgument> arguments,
                                           InitializerResolver resolver) {
        List<String> names = declared.stream().map(OptionSpec::name).toList();
        return InitializerOptions.of(name, declared, OptionBinding.named(name, names, arguments), resolver);
    }

    @Test
    void defaultsFillMissingOptions() {
        InitializerOptions o = bind("he-normal");
        assertThat(o.number("a")).isZero();
        assertThat(o.text("mode")).isEqualTo("fan_in");
        assertThat(o.text("nonlinearity")).isEqualTo("leaky_relu");
        assertThat(o.canonicalSpec()).isEqualTo("he-normal");
    }

    @Test
    void namedAndPositionalValuesBind() {
        InitializerOptions o = bind("he-normal(0.1, nonlinearity=relu)");
        assertThat(o.number("a")).isEqualTo(0.1);
        assertThat(o.text("nonlinearity")).isEqualTo("relu");
        assertThat(o.isExplicit("a")).isTrue();
        assertThat(o.isExplicit("mode")).isFalse();
        assertThat(o.canonicalSpec()).isEqualTo("he-normal(a=0.1, nonlinearity=relu)");
    }

    @Test
    void unknownOptionSuggestsTheClosest() {
        assertThatThrownBy(() -> bind("he-normal(mdoe=fan_out)"))
                .hasMessage("unknown option 'mdoe' for he-normal (options: a, mode, nonlinearity); did you mean 'mode'?");
    }

    @Test
    void wrongTypesAndChoicesAreNamed() {
        assertThatThrownBy(() -> bind("he-normal(a=abc)"))
                .hasMessage("option 'a' of he-normal must be a number, got 'abc'");
        assertThatThrownBy(() -> bind("he-normal(a=NaN)")).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> bind("he-normal(a=1f)")).hasMessageContaining("must be a number, got '1f'");
        assertThatThrownBy(() -> bind("he-normal(a=1e999)")).hasMessageContaining("must be finite");
        assertThat(bind("he-normal(a=-.5e-1)").number("a")).isEqualTo(-0.05);
        assertThatThrownBy(() -> bind("he-normal(mode=fan_avg)"))
                .hasMessage("option 'mode' of he-normal must be one of fan_in, fan_out, got 'fan_avg'");
    }

    @Test
    void duplicatesAndTooManyPositionalsAreRejected() {
        assertThatThrownBy(() -> bind("he-normal(a=1, a=2)")).hasMessage("he-normal: option 'a' given twice");
        assertThatThrownBy(() -> bind("he-normal(0, fan_in, relu, 4)"))
                .hasMessage("he-normal takes at most 3 options, got an extra value '4'");
        assertThatThrownBy(() -> bind("he-normal(mode=fan_in, 0.1)"))
                .hasMessageContaining("positional value '0.1' after a named one");
    }

    @Test
    void requiredOptionsMustBeGiven() {
        List<OptionSpec> constant = List.of(OptionSpec.requiredNumber("value", "the constant"));
        assertThatThrownBy(() -> bind("constant", constant, List.of()))
                .hasMessage("constant needs option 'value' (the constant)");
        assertThatThrownBy(() -> bind("zeros", List.of(),
                SpecString.parse("zeros(x=1)").arguments())).hasMessage("zeros takes no options, got 'x'");
        assertThatThrownBy(() -> bind("zeros", List.of(),
                SpecString.parse("zeros(1)").arguments())).hasMessage("zeros takes no options, got '1'");
    }

    @Test
    void integerAndBooleanOptionsAreChecked() {
        List<OptionSpec> specs = List.of(OptionSpec.integer("groups", 1, "groups"),
                OptionSpec.bool("flag", false, "a flag"));
        assertThat(bind("x", specs, SpecString.parse("x(groups=3, flag=true)").arguments())
                .integer("groups")).isEqualTo(3);
        assertThatThrownBy(() -> bind("x", specs, SpecString.parse("x(groups=1.5)").arguments()))
                .hasMessage("option 'groups' of x must be a whole number, got '1.5'");
        assertThatThrownBy(() -> bind("x", specs, SpecString.parse("x(flag=yes)").arguments()))
                .hasMessage("option 'flag' of x must be true or false, got 'yes'");
    }

    @Test
    void nestedInitializerOptionsAreResolvedThroughTheResolver() {
        List<OptionSpec> specs = List.of(OptionSpec.initializer("missing", "zeros", "fallback"));
        Initializer fill = (p, v, r) -> java.util.Arrays.fill(v, 3f);
        InitializerOptions o = bind("pretrained", specs,
                SpecString.parse("pretrained(missing=constant(value=3))").arguments(),
                spec -> spec.equals("constant(value=3)") ? fill : InitializerResolver.NONE.resolve(spec));
        assertThat(o.initializer("missing")).isSameAs(fill);
        InitializerOptions unresolvable = bind("pretrained", specs, List.of());
        assertThatThrownBy(() -> unresolvable.initializer("missing"))
                .hasMessage("option 'missing' of pretrained: nested initializer 'zeros' cannot be resolved here");
    }

    @Test
    void namedValuesBindWithoutASpecString() {
        InitializerOptions o = InitializerOptions.of("he-normal", HE, Map.of("nonlinearity", "relu"));
        assertThat(o.text("nonlinearity")).isEqualTo("relu");
        assertThat(o.values().keySet()).as("declaration order").containsExactly("a", "mode", "nonlinearity");
        assertThat(o.number("a")).isZero();
        assertThat(o.canonicalSpec()).isEqualTo("he-normal(nonlinearity=relu)");
        assertThatThrownBy(() -> InitializerOptions.of("he-normal", HE, Map.of("mdoe", "fan_out")))
                .hasMessageContaining("did you mean 'mode'?");
        assertThatThrownBy(() -> InitializerOptions.of("he-normal", HE, Map.of("a", "x")))
                .hasMessage("option 'a' of he-normal must be a number, got 'x'");
    }
}

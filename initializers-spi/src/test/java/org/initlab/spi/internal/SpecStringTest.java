package org.initlab.spi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecStringTest {

    @Test
    void bareNameHasNoArguments() {
        SpecString spec = SpecString.parse("he-normal");
        assertThat(spec.name()).isEqualTo("he-normal");
        assertThat(spec.arguments()).isEmpty();
        assertThat(spec).hasToString("he-normal");
    }

    @Test
    void namedArgumentsKeepTheirOrderAndSpacingIsIgnored() {
        SpecString spec = SpecString.parse(" he-uniform( a=0.1 ,mode = fan_out, nonlinearity=leaky_relu ) ");
        assertThat(spec.name()).isEqualTo("he-uniform");
        assertThat(spec.arguments()).containsExactly(
                new SpecArgument(Optional.of("a"), "0.1"),
                new SpecArgument(Optional.of("mode"), "fan_out"),
                new SpecArgument(Optional.of("nonlinearity"), "leaky_relu"));
        assertThat(spec).hasToString("he-uniform(a=0.1, mode=fan_out, nonlinearity=leaky_relu)");
    }

    @Test
    void positionalAndScientificValuesParse() {
        SpecString spec = SpecString.parse("normal(0, 1e-2)");
        assertThat(spec.arguments()).extracting(SpecArgument::value).containsExactly("0", "1e-2");
        assertThat(spec.arguments()).allMatch(a -> a.name().isEmpty());
    }

    @Test
    void nestedSpecValuesNeedNoQuotes() {
        SpecString spec = SpecString.parse("pretrained(path=w.safetensors, missing=normal(mean=0, std=0.02))");
        assertThat(spec.argument("missing")).contains("normal(mean=0, std=0.02)");
        assertThat(SpecString.parse(spec.toString())).isEqualTo(spec);
    }

    @Test
    void quotedValuesMayHoldCommasAndQuotes() {
        SpecString spec = SpecString.parse("pretrained(path=\"a,b \\\"c\\\".npz\")");
        assertThat(spec.argument("path")).contains("a,b \"c\".npz");
        assertThat(SpecString.parse(spec.toString())).isEqualTo(spec);
    }

    @Test
    void emptyParenthesesMeanNoArguments() {
        assertThat(SpecString.parse("zeros()").arguments()).isEmpty();
    }

    @Test
    void malformedSpecsAreRejectedWithThePosition() {
        assertThatThrownBy(() -> SpecString.parse("normal(std=0.01"))
                .hasMessage("malformed spec 'normal(std=0.01': missing ')' at position 16");
        assertThatThrownBy(() -> SpecString.parse("")).hasMessageContaining("expected a name");
        assertThatThrownBy(() -> SpecString.parse("(std=1)")).hasMessageContaining("expected a name");
        assertThatThrownBy(() -> SpecString.parse("normal(std=)")).hasMessageContaining("empty value");
        assertThatThrownBy(() -> SpecString.parse("normal(std=1) x")).hasMessageContaining("unexpected 'x'");
        assertThatThrownBy(() -> SpecString.parse("normal(std=(1")).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> SpecString.parse("p(path=\"abc)")).hasMessageContaining("unterminated");
    }

    @Test
    void listsOfArgumentsAreImmutable() {
        SpecString spec = SpecString.parse("uniform(a=-1, b=1)");
        assertThatThrownBy(() -> spec.arguments().add(new SpecArgument(Optional.empty(), "x")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new SpecString("x", List.of()).arguments()).isEmpty();
    }
}

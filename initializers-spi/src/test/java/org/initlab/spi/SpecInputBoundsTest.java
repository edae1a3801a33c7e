package org.initlab.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.initlab.spi.internal.SpecString;
import org.junit.jupiter.api.Test;

/** Spec nesting is bounded and numbers are ASCII digits (issue 12, items 2 and 7). */
class SpecInputBoundsTest {
    private static String nested(int depth) {
        String spec = "he-normal";
        for (int i = 0; i < depth; i++) {
            spec = "lsuv(pre=" + spec + ")";
        }
        return spec;
    }

    @Test
    void specsNestedDeeperThanTheBoundAreRefusedWithoutRecursing() {
        assertThat(SpecString.parse(nested(SpecString.MAX_NESTING - 1)).name()).isEqualTo("lsuv");
        assertThatThrownBy(() -> SpecString.parse(nested(SpecString.MAX_NESTING + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("specs nested more than " + SpecString.MAX_NESTING + " deep");
        assertThatThrownBy(() -> SpecString.parse(nested(1500))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested more than");
    }

    @Test
    void shapesTakeOnlyAsciiDigits() {
        assertThatThrownBy(() -> TensorShape.parse("٤,٤")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad shape '٤,٤': '٤' is not a non-negative integer");
        assertThat(TensorShape.parse("4, 4").dims()).containsExactly(4, 4);
    }

    @Test
    void integerOptionsTakeOnlyAsciiDigits() {
        List<OptionSpec> options = List.of(OptionSpec.integer("n", 1, "a count"));
        assertThatThrownBy(() -> InitializerOptions.of("test", options, Map.of("n", "٣")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'n' of test must be a whole number, got '٣'");
        assertThat(InitializerOptions.of("test", options, Map.of("n", "-3")).integer("n"))
                .isEqualTo(-3);
    }
}

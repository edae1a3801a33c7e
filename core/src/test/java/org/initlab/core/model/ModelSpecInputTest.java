package org.initlab.core.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Numbers in model specs are ASCII digits; layer errors name the spec (issue 12, items 7 and 10). */
class ModelSpecInputTest {
    @Test
    void unicodeDigitsAreNotNumbers() {
        assertThatThrownBy(() -> ModelSpec.parse("mlp:٧٨٤-٣٢-١٠")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad model spec 'mlp:٧٨٤-٣٢-١٠': width '٧٨٤' is not a whole number");
        assertThatThrownBy(() -> ModelSpec.parse("cnn:१x28x28-c4k5-10")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad model spec 'cnn:१x28x28-c4k5-10'");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784x٣-10")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDropoutOutOfRangeNamesTheSpecAndTheLayer() {
        assertThatThrownBy(() -> ModelSpec.parse("cnn:1x28x28-c4k5-d1.5-10"))
                .hasMessage("bad model spec 'cnn:1x28x28-c4k5-d1.5-10': dropout 'd1.5': dropout probability must be "
                        + "in [0, 1), got 1.5");
    }
}

package org.initlab.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.train.TrainingConfig;
import org.junit.jupiter.api.Test;

/** Seeds never wrap past Long.MAX_VALUE (issue 12, item 7). */
class SeedRangeTest {
    private static ExperimentConfig config(long first, int count) {
        return new ExperimentConfig(ModelSpec.parse("mlp:4-2"), List.of("zeros"), "zeros", count, first,
                new TrainingConfig(1, 1, OptimizerSpec.parse("sgd")));
    }

    @Test
    void seedsThatWouldWrapAreRefused() {
        assertThatThrownBy(() -> config(Long.MAX_VALUE, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("go past the largest seed 9223372036854775807");
        assertThatThrownBy(() -> config(Long.MAX_VALUE - 2, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seedsUpToTheLargestAreKept() {
        assertThat(config(Long.MAX_VALUE - 2, 3).seeds())
                .containsExactly(Long.MAX_VALUE - 2, Long.MAX_VALUE - 1, Long.MAX_VALUE);
        assertThat(config(Long.MIN_VALUE, 2).seeds()).containsExactly(Long.MIN_VALUE, Long.MIN_VALUE + 1);
    }
}

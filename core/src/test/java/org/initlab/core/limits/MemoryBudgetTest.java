package org.initlab.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.initlab.core.model.ModelSpec;
import org.junit.jupiter.api.Test;

/** Sizes are checked against the heap before allocating (issue 12, item 2). */
class MemoryBudgetTest {
    private static final long GIB = 1L << 30;

    @Test
    void anAllocationOverTheBudgetIsRefusedNamingTheInputAndBothSizes() {
        MemoryBudget budget = new MemoryBudget(GIB);
        assertThatCode(() -> budget.require("--seeds 3", "the trials", GIB)).doesNotThrowAnyException();
        assertThatThrownBy(() -> budget.require("--seeds 1000000000", "4000000000 trials", 3 * GIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--seeds 1000000000: 4000000000 trials would need about 3.0 GiB of memory "
                        + "but the JVM has 1.0 GiB left")
                .hasMessageContaining("-Xmx");
    }

    @Test
    void trainingNeedsParametersAndActivationCopies() {
        // mlp:784-1048576-10 is within the width limit but needs about 833M parameters x 6 float copies
        MemoryBudget budget = new MemoryBudget(6 * GIB);
        assertThatThrownBy(() -> budget.requireTraining("--model mlp:784-1048576-10",
                ModelSpec.parse("mlp:784-1048576-10"), 1))
                .hasMessageStartingWith("--model mlp:784-1048576-10: training mlp:784-1048576-10 (833617930 "
                        + "parameters, batch 1) would need about 18.7 GiB");
        assertThatCode(() -> budget.requireTraining("--model", ModelSpec.parse("mlp:784-512-128-10"), 64))
                .doesNotThrowAnyException();
    }

    @Test
    void aBatchLargerThanOneJavaArrayIsRefusedBeforeIntOverflow() {
        assertThatThrownBy(() -> new MemoryBudget(Long.MAX_VALUE - 1).requireTraining("--batch-size 3000000",
                ModelSpec.parse("mlp:784-10"), 3_000_000))
                .hasMessageContaining("--batch-size 3000000: a batch of one layer's outputs (3000000 x 784) would be "
                        + "2352000000 values, more than one Java array holds");
    }

    @Test
    void sizesSaturateInsteadOfOverflowing() {
        assertThat(MemoryBudget.multiply(Long.MAX_VALUE / 2, 3)).isEqualTo(Long.MAX_VALUE);
        assertThat(MemoryBudget.multiply(1L << 40, 1L << 30)).isEqualTo(Long.MAX_VALUE);
        assertThat(MemoryBudget.multiply(6, 7)).isEqualTo(42);
        assertThat(MemoryBudget.add(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(MemoryBudget.format(Long.MAX_VALUE)).isEqualTo("more than 8 EiB");
        assertThat(MemoryBudget.format(1536)).isEqualTo("1.5 KiB");
        assertThat(MemoryBudget.format(12)).isEqualTo("12 bytes");
    }

    @Test
    void theRuntimeBudgetIsAtMostTheMaximumHeap() {
        assertThat(MemoryBudget.ofRuntime().availableBytes()).isBetween(1L, Runtime.getRuntime().maxMemory());
    }

    @Test
    void threadsAreCappedAtAMultipleOfTheProcessors() {
        int max = ThreadLimit.PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
        assertThat(ThreadLimit.max()).isEqualTo(max);
        assertThat(ThreadLimit.check("--threads", max)).isEqualTo(max);
        assertThatThrownBy(() -> ThreadLimit.check("--threads", 100_000))
                .hasMessageStartingWith("--threads must be between 1 and " + max).hasMessageEndingWith("got 100000");
        assertThatThrownBy(() -> ThreadLimit.check("--threads", 0)).hasMessageContaining("got 0");
    }
}

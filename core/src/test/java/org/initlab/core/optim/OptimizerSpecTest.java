package org.initlab.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptimizerSpecTest {

    @Test
    void sgdParsesWithPyTorchDefaults() {
        assertThat(OptimizerSpec.parse("sgd(lr=0.01, momentum=0.9)"))
                .isEqualTo(new OptimizerSpec.Sgd(0.01, 0.9, false, 0));
        assertThat(OptimizerSpec.parse("sgd").spec()).isEqualTo("sgd(lr=0.01)");
        assertThat(OptimizerSpec.parse("sgd(0.1, 0.5, true)").spec()).isEqualTo("sgd(lr=0.1, momentum=0.5, nesterov=true)");
    }

    @Test
    void adamParsesWithPyTorchDefaults() {
        assertThat(OptimizerSpec.parse("adam(lr=0.001)")).isEqualTo(new OptimizerSpec.Adam(0.001, 0.9, 0.999, 1e-8, 0));
        assertThat(OptimizerSpec.parse("adam(lr=0.002, beta2=0.99)").spec()).isEqualTo("adam(lr=0.002, beta2=0.99)");
    }

    @Test
    void badOptimizersAreNamed() {
        assertThatThrownBy(() -> OptimizerSpec.parse("rmsprop")).hasMessage("unknown optimizer 'rmsprop' (known: sgd, adam)");
        assertThatThrownBy(() -> OptimizerSpec.parse("sgd(lr=-1)")).hasMessage("option 'lr' of sgd must be > 0, got -1.0");
        assertThatThrownBy(() -> OptimizerSpec.parse("sgd(momentum=1)")).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> OptimizerSpec.parse("sgd(nesterov=true)")).hasMessageContaining("needs momentum > 0");
        assertThatThrownBy(() -> OptimizerSpec.parse("adam(lr=0.1, bta1=0.8)")).hasMessageContaining("did you mean 'beta1'?");
    }

    @Test
    void warmupParsesAndPrintsOnlyWhenPositive() {
        assertThat(OptimizerSpec.parse("sgd(lr=0.1, momentum=0.9, warmup=5)"))
                .isEqualTo(new OptimizerSpec.Sgd(0.1, 0.9, false, 0, 5));
        assertThat(OptimizerSpec.parse("sgd(lr=0.1, momentum=0.9, warmup=5)").spec())
                .isEqualTo("sgd(lr=0.1, momentum=0.9, warmup=5)");
        assertThat(OptimizerSpec.parse("adam(lr=0.002, warmup=100)"))
                .isEqualTo(new OptimizerSpec.Adam(0.002, 0.9, 0.999, 1e-8, 0, 100));
        assertThat(OptimizerSpec.parse("adam(lr=0.002, warmup=100)").spec()).isEqualTo("adam(lr=0.002, warmup=100)");
        assertThat(OptimizerSpec.parse("adam(warmup=0)").spec()).isEqualTo("adam(lr=0.001)");
        assertThat(OptimizerSpec.parse("sgd(warmup=0)").warmup()).isZero();
        assertThat(new OptimizerSpec.Sgd(0.1, 0, false, 0).warmup()).isZero();
        OptimizerSpec spec = new OptimizerSpec.Adam(0.01, 0.8, 0.99, 1e-6, 1e-4, 7);
        assertThat(OptimizerSpec.parse(spec.spec())).isEqualTo(spec);
    }

    @Test
    void warmupFactorRisesLinearlyToOne() {
        OptimizerSpec spec = OptimizerSpec.parse("sgd(lr=0.1, warmup=4)");
        assertThat(new double[] {spec.learningRateFactor(1), spec.learningRateFactor(2), spec.learningRateFactor(3),
                spec.learningRateFactor(4), spec.learningRateFactor(5), spec.learningRateFactor(1000)})
                .containsExactly(0.25, 0.5, 0.75, 1, 1, 1);
        assertThat(OptimizerSpec.parse("sgd(lr=0.1, warmup=3)").learningRateFactor(1)).isEqualTo(1.0 / 3);
        assertThat(OptimizerSpec.parse("adam").learningRateFactor(1)).isEqualTo(1);
    }

    @Test
    void badWarmupsAreOneLineErrors() {
        assertThatThrownBy(() -> OptimizerSpec.parse("sgd(warmup=-1)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("option 'warmup' of sgd must be >= 0, got -1");
        assertThatThrownBy(() -> OptimizerSpec.parse("adam(warmup=1.5)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option 'warmup' of adam must be a whole number, got '1.5'");
        assertThatThrownBy(() -> OptimizerSpec.parse("adam(warmup=3000000000)"))
                .hasMessage("option 'warmup' of adam must be at most 2147483647, got 3000000000");
        assertThatThrownBy(() -> new OptimizerSpec.Sgd(0.1, 0, false, 0, -2))
                .hasMessage("option 'warmup' of sgd must be >= 0, got -2");
    }
}

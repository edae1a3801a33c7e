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
}

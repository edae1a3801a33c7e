package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Activation;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.testkit.backend.KitFixtures;
import org.junit.jupiter.api.Test;

/** What the kit does not cover of {@link NativeResidual}: its refusals and the paths in their messages. */
class NativeResidualTest {
    private static final OptimizerSpec SGD = new OptimizerSpec.Sgd(0.1, 0, false, 0);

    @Test
    void aMissingParameterInsideABlockIsNamedByItsFullPath() {
        Network network = ModelSpec.parse("mlp:6-5-[5-5-alpha]x2-3");
        ParameterSet complete = KitFixtures.parameters(network, 1);
        ParameterSet missing = new ParameterSet(complete.tensors().stream()
                .filter(t -> !t.spec().path().equals("3.branch.3.alpha")).toList());
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(2))) {
            assertThatThrownBy(() -> backend.open(network, missing, SGD, 4).close())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'3.branch.3.alpha'");
            try (TrainingSession session = backend.open(network, complete, SGD, 4)) {
                assertThat(session.parameters().paths()).isEqualTo(complete.paths());
                assertThat(session.parameters().values("3.branch.3.alpha"))
                        .containsExactly(complete.values("3.branch.3.alpha"));
            }
        }
    }

    @Test
    void dropoutInsideABranchIsRefusedWithItsPath() {
        Network network = new Network(4, List.of(new ResidualBlock(List.of(new DenseLayer(4, 4), new DropoutLayer(0.5)),
                List.of(), Optional.of(Activation.RELU)), new DenseLayer(4, 2)), "dropout in a branch");
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(2))) {
            assertThatThrownBy(() -> backend.open(network, KitFixtures.parameters(network, 2), SGD, 4).close())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside a residual block (0.branch.1)");
        }
    }
}

package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

/** Until the backend implements the vision transformer's layers, opening a session for one is refused in one line. */
class NativeTransformerRefusalTest {
    @Test
    void openingASessionForAVisionTransformerIsRefusedWithAOneLineMessage() {
        Network network = ModelSpec.parse("vit:1x8x8-p4-d8-h2-L1-3");
        InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
        ParameterSet initial = InitializationPlan.of(registry.resolve("xavier-uniform"), registry.resolve("zeros"))
                .materialize(network, 1);
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(1))) {
            assertThatIllegalArgumentException().isThrownBy(() -> backend.open(network, initial,
                    new OptimizerSpec.Sgd(0.1, 0, false, 0), 4, 1))
                    .withMessage("backend " + NativeBackendProvider.NAME + " does not implement transformer layers "
                            + "(PatchEmbedding, layer 0 of vit:1x8x8-p4-d8-h2-L1-3) yet");
        }
    }
}

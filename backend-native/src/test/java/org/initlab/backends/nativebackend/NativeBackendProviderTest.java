package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.Backends;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

class NativeBackendProviderTest {
    private static final OptimizerSpec SGD = new OptimizerSpec.Sgd(0.1, 0, false, 0);

    @Test
    void isNamedNativeWithRankTenAndAlwaysAvailable() {
        NativeBackendProvider provider = new NativeBackendProvider();
        assertThat(provider.name()).isEqualTo("native");
        assertThat(provider.rank()).isEqualTo(10);
        assertThat(provider.availability().available()).isTrue();
        assertThat(provider.availability().detail()).startsWith("CPU, ")
                .contains(Runtime.getRuntime().availableProcessors() + " thread");
    }

    @Test
    void isChosenByDefaultAndByName() {
        var providers = Backends.discover(getClass().getClassLoader());
        assertThat(Backends.choose(Optional.empty(), providers).name()).isEqualTo("native");
        assertThat(Backends.choose(Backends.requestedName(Optional.of("native"), Map.of(), Map.of()), providers))
                .isInstanceOf(NativeBackendProvider.class);
    }

    @Test
    void deviceNamesTheThreadCount() {
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(3))) {
            assertThat(backend.device()).startsWith("CPU, 3 threads");
        }
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(1))) {
            assertThat(backend.device()).startsWith("CPU, 1 thread,");
        }
    }

    @Test
    void closingStopsTheWorkerThreads() {
        Backend backend = new NativeBackendProvider().create(new BackendOptions(3));
        assertThat(workerThreads()).isGreaterThanOrEqualTo(2);
        long before = workerThreads();
        backend.close();
        backend.close();
        assertThat(workerThreads()).isEqualTo(before - 2);
    }

    @Test
    void sessionsRefuseWorkAfterTheirOwnOrTheBackendsClose() {
        Network network = ModelSpec.parse("mlp:3-4-2");
        var batch = KitFixtures.batch(network, 2, 1);
        Backend backend = new NativeBackendProvider().create(new BackendOptions(2));
        TrainingSession session = backend.open(network, KitFixtures.parameters(network, 1), SGD, 2);
        TrainingSession other = backend.open(network, KitFixtures.parameters(network, 1), SGD, 2);
        session.close();
        assertThatThrownBy(() -> session.trainStep(batch.inputs(), batch.labels(), 2))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(session::parameters).isInstanceOf(IllegalStateException.class);
        backend.close();
        assertThatThrownBy(() -> other.trainStep(batch.inputs(), batch.labels(), 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void rejectsParametersThatDoNotFitTheNetwork() {
        Network network = ModelSpec.parse("mlp:3-4-2");
        Network other = ModelSpec.parse("mlp:3-5-2");
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(1))) {
            assertThatThrownBy(() -> backend.open(network, KitFixtures.parameters(other, 1), SGD, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.weight");
            assertThatThrownBy(() -> backend.open(network, KitFixtures.parameters(network, 1), SGD, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBatchSize");
        }
    }

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("initlab-native-") && t.isAlive()).count();
    }
}

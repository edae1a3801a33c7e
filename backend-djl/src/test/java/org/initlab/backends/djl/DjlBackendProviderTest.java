package org.initlab.backends.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

class DjlBackendProviderTest {
    private static final OptimizerSpec SGD = new OptimizerSpec.Sgd(0.1, 0, false, 0);

    @Test
    void isNamedDjlAndRanksBelowTheNativeBackendOnACpu() {
        DjlBackendProvider provider = new DjlBackendProvider();
        assertThat(provider.name()).isEqualTo("djl");
        assertThat(provider.rank()).isEqualTo(DjlEnvironment.gpuLikely() ? 100 : 5);
        assertThat(provider.availability().available()).isTrue();
        assertThat(provider.availability().detail())
                .isEqualTo("PyTorch 2.7.1 cpu via DJL 0.36.0 (natives load on first use)");
    }

    @Test
    void theGpuRankNeedsTheDriverAndCudaNativesUnlessThePropertyDecides() {
        Optional<String> cpu = Optional.of("cpu");
        Optional<String> cuda = Optional.of("cu128");
        assertThat(DjlEnvironment.gpuLikely(Optional.empty(), true, cuda)).isTrue();
        assertThat(DjlEnvironment.gpuLikely(Optional.empty(), true, cpu)).isFalse();
        assertThat(DjlEnvironment.gpuLikely(Optional.empty(), false, cuda)).isFalse();
        assertThat(DjlEnvironment.gpuLikely(Optional.empty(), true, Optional.empty())).isFalse();
        assertThat(DjlEnvironment.gpuLikely(Optional.of("true"), false, cpu)).isTrue();
        assertThat(DjlEnvironment.gpuLikely(Optional.of("false"), true, cuda)).isFalse();
        assertThat(DjlEnvironment.gpuLikely(Optional.of(" "), true, cuda)).isTrue();
    }

    @Test
    void theNativeBackendStaysTheDefaultAndDjlIsChosenByName() {
        var providers = Backends.discover(getClass().getClassLoader());
        assertThat(providers).extracting(BackendProvider::name).contains("djl", "native");
        if (!DjlEnvironment.gpuLikely()) {
            assertThat(Backends.choose(Optional.empty(), providers).name()).isEqualTo("native");
        }
        assertThat(Backends.choose(Backends.requestedName(Optional.empty(), Map.of("initlab.backend", "djl"),
                Map.of()), providers)).isInstanceOf(DjlBackendProvider.class);
    }

    @Test
    void deviceNamesPyTorchTheCpuAndTheThreadCount() {
        try (Backend backend = new DjlBackendProvider().create(new BackendOptions(1))) {
            assertThat(backend.name()).isEqualTo("djl");
            assertThat(backend.device()).isEqualTo("PyTorch 2.7.1 CPU, 1 thread");
        }
        try (Backend backend = new DjlBackendProvider().create(new BackendOptions(2))) {
            assertThat(backend.device()).isEqualTo("PyTorch 2.7.1 CPU, 2 threads");
        }
    }

    @Test
    void cacheDirectoryComesFromThePropertyThenTheEnvironmentThenTheHome() {
        Path home = Paths.get("/home/someone");
        assertThat(DjlEnvironment.cacheDirectory(Map.of("user.home", "/home/someone"), Map.of()))
                .isEqualTo(home.resolve(".initlab").resolve("djl").toAbsolutePath());
        assertThat(DjlEnvironment.cacheDirectory(Map.of("user.home", "/home/someone"),
                Map.of("INITLAB_DJL_CACHE", "/env/cache"))).isEqualTo(Paths.get("/env/cache"));
        assertThat(DjlEnvironment.cacheDirectory(Map.of("user.home", "/home/someone", "initlab.djl.cache",
                "/prop/cache"), Map.of("INITLAB_DJL_CACHE", "/env/cache"))).isEqualTo(Paths.get("/prop/cache"));
    }

    @Test
    void djlReadsItsCacheAndOfflineSettingsFromTheProperties() {
        new DjlBackendProvider();
        assertThat(System.getProperty("offline")).isEqualTo("true");
        assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
        Path expected = Paths.get(System.getProperty("initlab.djl.cache")).toAbsolutePath();
        assertThat(System.getProperty("DJL_CACHE_DIR")).isEqualTo(expected.toString());
        assertThat(System.getProperty("ENGINE_CACHE_DIR")).isEqualTo(expected.toString());
        assertThat(ai.djl.util.Utils.getEngineCacheDir()).isEqualTo(expected);
        assertThat(ai.djl.util.Utils.isOfflineMode()).isTrue();
    }

    @Test
    void aRecordedLoadFailureMakesTheBackendUnavailableWithTheReason() {
        try {
            String reason = DjlEnvironment.recordFailure(new IllegalStateException("outer",
                    new UnsatisfiedLinkError("libtorch_cpu.so: cannot open shared object file\nsecond line")));
            assertThat(reason).isEqualTo("PyTorch via DJL failed to load: UnsatisfiedLinkError: libtorch_cpu.so: "
                    + "cannot open shared object file");
            DjlBackendProvider provider = new DjlBackendProvider();
            assertThat(provider.availability().available()).isFalse();
            assertThat(provider.availability().detail()).isEqualTo(reason);
            assertThatThrownBy(() -> provider.create(new BackendOptions(1)))
                    .isInstanceOf(IllegalStateException.class).hasMessage(reason);
        } finally {
            DjlEnvironment.clearFailure();
        }
        assertThat(new DjlBackendProvider().availability().available()).isTrue();
    }

    @Test
    void sessionsRefuseWorkAfterTheirOwnOrTheBackendsClose() {
        Network network = ModelSpec.parse("mlp:3-4-2");
        var batch = KitFixtures.batch(network, 2, 1);
        Backend backend = new DjlBackendProvider().create(new BackendOptions(1));
        TrainingSession session = backend.open(network, KitFixtures.parameters(network, 1), SGD, 2);
        TrainingSession other = backend.open(network, KitFixtures.parameters(network, 1), SGD, 2);
        session.close();
        session.close();
        assertThatThrownBy(() -> session.trainStep(batch.inputs(), batch.labels(), 2))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(session::parameters).isInstanceOf(IllegalStateException.class);
        backend.close();
        backend.close();
        assertThatThrownBy(() -> other.trainStep(batch.inputs(), batch.labels(), 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> other.forward(batch.inputs(), 2, new float[4]))
                .isInstanceOf(IllegalStateException.class);
        other.close();
        assertThatThrownBy(() -> backend.open(network, KitFixtures.parameters(network, 1), SGD, 2))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsParametersThatDoNotFitTheNetwork() {
        Network network = ModelSpec.parse("mlp:3-4-2");
        Network other = ModelSpec.parse("mlp:3-5-2");
        try (Backend backend = new DjlBackendProvider().create(new BackendOptions(1))) {
            assertThatThrownBy(() -> backend.open(network, KitFixtures.parameters(other, 1), SGD, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.weight");
            assertThatThrownBy(() -> backend.open(network, KitFixtures.parameters(network, 1), SGD, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBatchSize");
        }
    }
}

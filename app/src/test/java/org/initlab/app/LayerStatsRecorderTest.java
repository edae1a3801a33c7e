package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.Backends;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerStatsRecorderTest {
    @TempDir
    Path tmp;

    @Test
    void recordsStatisticsAtInitializationAndAfterEveryEpochOfARealTrial() throws Exception {
        InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
        Network network = ModelSpec.parse("mlp:784-32-10:relu");
        InitializationPlan plan = InitializationPlan.of(registry.resolve("he-normal"), registry.resolve("zeros"));
        Dataset train = BundledMnist.train().head(512);
        Dataset test = BundledMnist.test().head(128);
        LayerStatsRecorder recorder = new LayerStatsRecorder();
        try (Backend backend = Backends.choose(java.util.Optional.of("native"),
                Backends.discover(getClass().getClassLoader())).create(new BackendOptions(1))) {
            new Trainer().train(backend, network, plan, 4, train, test,
                    new TrainingConfig(2, 64, OptimizerSpec.parse("sgd(lr=0.1)")), recorder);
        }
        recorder.write(tmp);
        JsonNode json = new ObjectMapper().readTree(tmp.resolve(LayerStatsRecorder.FILE).toFile());
        JsonNode trial = json.get("trials").get(0);
        assertThat(trial.get("init").asText()).isEqualTo("he-normal");
        assertThat(trial.get("seed").asLong()).isEqualTo(4);
        assertThat(trial.get("epochs")).extracting(e -> e.get("epoch").asInt()).containsExactly(0, 1, 2);
        JsonNode initial = trial.get("epochs").get(0).get("layers");
        assertThat(initial).hasSize(2);
        assertThat(initial.get(0).get("update_ratio").isNull()).isTrue();
        // he-normal's closed form, gain sqrt(2) over fan_in: 784 inputs to the first layer, 32 to the second
        assertThat(initial.get(0).get("weight_std_theory").asDouble()).isCloseTo(Math.sqrt(2.0 / 784), within(1e-12));
        assertThat(initial.get(1).get("weight_std_theory").asDouble()).isCloseTo(Math.sqrt(2.0 / 32), within(1e-12));
        for (JsonNode epoch : List.of(trial.get("epochs").get(1), trial.get("epochs").get(2))) {
            for (JsonNode layer : epoch.get("layers")) {
                assertThat(layer.get("update_ratio").asDouble()).isBetween(1e-4, 1.0);
                assertThat(layer.get("weight_std_theory").isNull()).isTrue();
            }
        }
    }
}

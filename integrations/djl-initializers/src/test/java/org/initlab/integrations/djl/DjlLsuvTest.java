package org.initlab.integrations.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.initlab.initializers.OrthogonalInitializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LSUV run through DJL forward passes on a probe batch. */
class DjlLsuvTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** The variance of every Linear and Conv2d output along the chain, computed here with DJL's forward. */
    private static List<Double> layerOutputVariances(Block block, NDArray probe) {
        List<Double> variances = new ArrayList<>();
        NDList x = new NDList(probe);
        ParameterStore store = new ParameterStore(manager, false);
        for (Block child : block.getChildren().values()) {
            x = child.forward(store, x, false);
            if (child instanceof Linear || child instanceof Conv2d) {
                float[] z = x.singletonOrThrow().toFloatArray();
                double mean = 0;
                for (float v : z) {
                    mean += v;
                }
                mean /= z.length;
                double squares = 0;
                for (float v : z) {
                    squares += (v - mean) * (v - mean);
                }
                variances.add(squares / z.length);
            }
        }
        return variances;
    }

    @Test
    void lsuvRescalesOrthogonalWeightsUntilEveryLayerHasUnitOutputVarianceOnTheProbe() {
        Block block = DjlFixtures.mlp(manager);
        NDArray probe = DjlFixtures.gaussian(manager, 3, 64, 12).mul(5);
        assertThat(layerOutputVariances(block, probe).get(0)).as("DJL's own start").isNotCloseTo(1, within(0.5));

        List<InitializedParameter> done = DjlBlockInitializer.of("lsuv").initialize(block, 11, probe);

        assertThat(done.get(0).spec()).isEqualTo("lsuv");
        assertThat(layerOutputVariances(block, probe)).hasSize(3).allSatisfy(v -> assertThat(v).isCloseTo(1,
                within(0.1)));
        // LSUV only rescales its pre initializer's values: a positive multiple of initlab's orthogonal weight
        float[] w = DjlFixtures.values(block).get("03Linear_weight");
        float[] pre = new float[40];
        new OrthogonalInitializer().initialize(ParameterSpec.weight("03Linear_weight", TensorShape.of(5, 8),
                LayerKind.DENSE, Nonlinearity.LINEAR), pre, SeededRandom.of(11).fork("init").fork("03Linear_weight"));
        double ratio = w[0] / pre[0];
        assertThat(ratio).isPositive();
        for (int i = 0; i < w.length; i++) {
            assertThat((double) w[i]).isCloseTo(pre[i] * ratio, within(1e-5));
        }
        assertThat(DjlFixtures.values(block).get("03Linear_bias")).containsOnly(0f);
    }

    @Test
    void lsuvIsReproducibleForOneSeedAndProbe() {
        NDArray probe = DjlFixtures.gaussian(manager, 4, 32, 12);
        Block first = DjlFixtures.mlp(manager);
        Block second = DjlFixtures.mlp(manager);
        DjlBlockInitializer lsuv = DjlBlockInitializer.of("lsuv(tol=0.01)");
        lsuv.initialize(first, 3, probe);
        lsuv.initialize(second, 3, probe);
        Map<String, float[]> a = DjlFixtures.values(first);
        Map<String, float[]> b = DjlFixtures.values(second);
        a.forEach((name, v) -> assertThat(b.get(name)).as(name).containsExactly(v));
    }

    @Test
    void lsuvReachesUnitVarianceThroughConvolutionsAndBatchNorm() {
        Block block = DjlFixtures.cnn(manager);
        NDArray probe = DjlFixtures.gaussian(manager, 5, 16, 2, 6, 6).mul(3);
        DjlBlockInitializer.of("lsuv(pre=he-normal)").initialize(block, 2, probe);
        assertThat(layerOutputVariances(block, probe)).hasSize(3).allSatisfy(v -> assertThat(v).isCloseTo(1,
                within(0.1)));
    }

    @Test
    void dataDependentInitializersNeedAProbeBatch() {
        Block block = DjlFixtures.mlp(manager);
        Map<String, float[]> before = DjlFixtures.values(block);
        assertThatThrownBy(() -> DjlBlockInitializer.of("he-normal").withRule("03Linear_weight=lsuv")
                .initialize(block, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lsuv needs data: it rescales 03Linear_weight from forward passes of a batch of samples; "
                        + "use initialize(block, seed, probeBatch)");
        assertThat(DjlFixtures.values(block).get("01Linear_weight")).containsExactly(before.get("01Linear_weight"));
    }

    @Test
    void weightsInsideBlocksOtherThanSequentialOnesAreRefusedAndTheBlockIsRestored() {
        Block block = new SequentialBlock()
                .add(Linear.builder().setUnits(4).build())
                .add(new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow()
                        .add(list.get(1).singletonOrThrow())),
                        List.of(Linear.builder().setUnits(3).build(), Linear.builder().setUnits(3).build())));
        block.initialize(manager, DataType.FLOAT32, DjlFixtures.MLP_INPUT);
        Map<String, float[]> before = DjlFixtures.values(block);
        NDArray probe = DjlFixtures.gaussian(manager, 6, 8, 12);
        assertThatThrownBy(() -> DjlBlockInitializer.of("lsuv").initialize(block, 1, probe))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lsuv cannot refine its weights on the probe batch: cannot run the probe batch up to "
                        + "02ParallelBlock_01Linear_weight: its Linear sits inside a block other than a "
                        + "SequentialBlock, and the DJL adapter reads layer outputs only along SequentialBlocks");
        Map<String, float[]> after = DjlFixtures.values(block);
        before.forEach((name, v) -> assertThat(after.get(name)).as(name).containsExactly(v));
    }
}

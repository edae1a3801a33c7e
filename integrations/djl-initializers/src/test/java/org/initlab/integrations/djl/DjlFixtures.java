package org.initlab.integrations.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Small DJL models for the tests. The surefire configuration sets {@code offline} and {@code OPT_OUT_TRACKING}
 * before any DJL class initializes, so {@link NDManager#newBaseManager()} loads PyTorch from the class path and
 * never reaches the network.
 */
final class DjlFixtures {
    /** Input of {@link #mlp()}. */
    static final Shape MLP_INPUT = new Shape(1, 12);
    /** Input of {@link #cnn()}: 2 channels of 6 x 6. */
    static final Shape CNN_INPUT = new Shape(1, 2, 6, 6);

    private DjlFixtures() {
    }

    /** @return Linear(8) - relu - Linear(5) - relu - Linear(3) on 12 inputs, initialized by DJL's defaults */
    static Block mlp(NDManager manager) {
        Block block = new SequentialBlock()
                .add(Linear.builder().setUnits(8).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(5).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(3).build());
        block.initialize(manager, DataType.FLOAT32, MLP_INPUT);
        return block;
    }

    /**
     * @return Conv2d(4, 3x3, padding 1) - batch norm - relu - Conv2d(6, 3x3, groups 2) - relu - flatten -
     *         Linear(3), on 2 x 6 x 6 inputs, initialized by DJL's defaults
     */
    static Block cnn(NDManager manager) {
        Block block = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1))
                        .build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(6).optGroups(2).build())
                .add(Activation::relu)
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
        block.initialize(manager, DataType.FLOAT32, CNN_INPUT);
        return block;
    }

    /** @return every parameter's values by DJL name, copied */
    static Map<String, float[]> values(Block block) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    /** @return standard normal samples of the given shape, from a fixed seed */
    static NDArray gaussian(NDManager manager, long seed, long... shape) {
        Shape s = new Shape(shape);
        float[] v = new float[Math.toIntExact(s.size())];
        Random random = new Random(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return manager.create(v, s);
    }
}

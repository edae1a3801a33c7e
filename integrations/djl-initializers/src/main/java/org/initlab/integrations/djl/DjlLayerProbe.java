package org.initlab.integrations.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.initlab.spi.LayerProbe;
import org.initlab.spi.ParameterSpec;

/**
 * initlab's {@link LayerProbe} over a DJL block: forward passes of the caller's probe batch run through DJL (the
 * application's engine and device, {@code float32}, evaluation mode: batch norm uses its running statistics,
 * dropout is the identity). A layer's output is the output of the block that owns its weight, before whatever
 * block follows it (an activation block), so a {@code Linear} or {@code Conv2d} gives its pre-activations.
 *
 * <p>Which blocks: the root block and every {@link SequentialBlock} inside it are opened into one chain of
 * blocks; each probed weight must belong to a block of that chain (a {@code Linear}, a {@code Conv2d}, ...).
 * Weights inside other composite blocks (a {@code ParallelBlock}, a residual block written by the application)
 * are refused, because DJL offers no hook to read a nested block's output in the middle of its parent's forward
 * pass.
 *
 * <p>The weights' values live in {@code float[]} arrays ({@link #values(int)}); they are copied into the DJL
 * parameters before every forward pass, so a change takes effect in the next {@link #outputs(int)}.
 */
final class DjlLayerProbe implements LayerProbe {
    private final List<ParameterSpec> weights;
    private final List<DjlParameters.Found> parameters;
    private final Map<String, float[]> values;
    private final List<Block> chain;
    private final int[] lastBlock;
    private final NDArray probe;
    private final float[] probeValues;

    /**
     * @param root       the block being initialized
     * @param weights    the weights the refining initializer filled, in forward order
     * @param parameters the DJL parameters of those weights, in the same order
     * @param values     every filled parameter's values by name (the weights' are the live arrays)
     * @param probe      the probe batch, {@code [batch, ...]} as the block takes it, {@code float32}
     * @throws IllegalArgumentException when a weight's block is not in the chain, or the probe is not usable
     */
    DjlLayerProbe(Block root, List<ParameterSpec> weights, List<DjlParameters.Found> parameters,
                  Map<String, float[]> values, NDArray probe) {
        this.weights = List.copyOf(weights);
        this.parameters = List.copyOf(parameters);
        this.values = values;
        this.chain = chain(root);
        if (probe.getDataType() != DataType.FLOAT32 || probe.getShape().dimension() == 0
                || probe.getShape().get(0) < 1) {
            throw new IllegalArgumentException("the probe batch must be a float32 array [batch, ...] with at least "
                    + "one sample, got " + probe.getDataType() + " " + probe.getShape());
        }
        this.probe = probe;
        this.probeValues = probe.toFloatArray();
        this.lastBlock = new int[parameters.size()];
        for (int k = 0; k < parameters.size(); k++) {
            DjlParameters.Found found = parameters.get(k);
            lastBlock[k] = indexOf(found.owner());
            if (lastBlock[k] < 0) {
                throw new IllegalArgumentException("cannot run the probe batch up to " + found.name() + ": its "
                        + found.owner().getClass().getSimpleName() + " sits inside a block other than a "
                        + "SequentialBlock, and the DJL adapter reads layer outputs only along SequentialBlocks");
            }
        }
    }

    private static List<Block> chain(Block root) {
        List<Block> chain = new ArrayList<>();
        open(root, chain);
        return List.copyOf(chain);
    }

    private static void open(Block block, List<Block> chain) {
        if (block instanceof SequentialBlock sequential && !sequential.isReturnIntermediate()) {
            sequential.getChildren().values().forEach(child -> open(child, chain));
        } else {
            chain.add(block);
        }
    }

    private int indexOf(Block owner) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i) == owner) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public List<ParameterSpec> weights() {
        return weights;
    }

    @Override
    public float[] values(int layer) {
        return values.get(weights.get(layer).path());
    }

    @Override
    public int batchSize() {
        return Math.toIntExact(probe.getShape().get(0));
    }

    @Override
    public float[] outputs(int layer) {
        int last = lastBlock[layer];
        for (DjlParameters.Found p : parameters) {
            p.parameter().getArray().set(values.get(p.name()));
        }
        try (NDManager scratch = probe.getManager().newSubManager()) {
            NDList x = new NDList(scratch.create(probeValues, probe.getShape()));
            ParameterStore store = new ParameterStore(scratch, false);
            for (int i = 0; i <= last; i++) {
                x = chain.get(i).forward(store, x, false);
            }
            return x.singletonOrThrow().toType(DataType.FLOAT32, false).toFloatArray();
        }
    }
}

package org.initlab.initializers;

import java.util.Arrays;
import java.util.List;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.SeededRandom;

/**
 * What the transformer built-ins ({@code gpt2}, {@code bert}, {@code t-fixup}, {@code deepnorm},
 * {@code small-embedding}, and {@code pytorch-default} on attention) read from a parameter of initlab's
 * transformer: which tensor it is, by {@code nn.TransformerEncoderLayer}'s names ({@code <i>.self_attn.in_proj_weight}
 * {@code [3D, D]}, {@code <i>.self_attn.out_proj.weight}, {@code <i>.linear1.weight}, {@code <i>.linear2.weight},
 * their biases), the q/k/v aliases ({@code <i>.attn.q.weight}, rows of {@code in_proj_weight}), the embeddings
 * ({@code <i>.class_token}, {@code <i>.pos_embedding}, layer kind embedding) and the patch embedding (the
 * convolution kernel in the trunk); and the network checks, with their one-line messages.
 */
final class TransformerStructure {
    /** A spec of a small post-LN ViT, for error messages. */
    static final String EXAMPLE = "vit:1x28x28-p7-d64-h4-L6-10";

    private TransformerStructure() {
    }

    /** The tensors of a transformer an initializer may treat apart. */
    enum Tensor {
        /** {@code self_attn.in_proj_weight}, {@code [3D, D]}: the rows of q, k and v. */
        IN_PROJ_WEIGHT,
        /** {@code attn.q.weight}, rows {@code [0, D)} of {@code in_proj_weight}. */
        Q_WEIGHT,
        /** {@code attn.k.weight}, rows {@code [D, 2D)}. */
        K_WEIGHT,
        /** {@code attn.v.weight}, rows {@code [2D, 3D)}. */
        V_WEIGHT,
        /** {@code self_attn.in_proj_bias} or one of its slices {@code attn.q.bias}, {@code attn.k.bias}, {@code attn.v.bias}. */
        IN_PROJ_BIAS,
        /** {@code self_attn.out_proj.weight}, {@code [D, D]}. */
        OUT_PROJ_WEIGHT,
        /** {@code self_attn.out_proj.bias}. */
        OUT_PROJ_BIAS,
        /** {@code linear1.weight} {@code [F, D]} or {@code linear2.weight} {@code [D, F]}. */
        FFN_WEIGHT,
        /** {@code class_token}, {@code [1, 1, D]}. */
        CLASS_TOKEN,
        /** {@code pos_embedding}, {@code [1, T, D]}. */
        POS_EMBEDDING,
        /** Any other embedding-kind parameter (a lookup table). */
        EMBEDDING,
        /** The kernel of a convolution in the trunk of a placed network with blocks: in a ViT, the patch embedding. */
        PATCH_EMBEDDING,
        /** Anything else: the head, a layer norm, a bias of another layer. */
        OTHER
    }

    /** @return which transformer tensor the parameter is, by its path, role, kind and placement */
    static Tensor of(ParameterSpec parameter) {
        String path = parameter.path();
        boolean weight = parameter.role() == ParameterRole.WEIGHT;
        if (path.endsWith(".self_attn.in_proj_weight")) {
            return Tensor.IN_PROJ_WEIGHT;
        }
        if (path.endsWith(".self_attn.in_proj_bias") || path.endsWith(".attn.q.bias") || path.endsWith(".attn.k.bias")
                || path.endsWith(".attn.v.bias")) {
            return Tensor.IN_PROJ_BIAS;
        }
        if (path.endsWith(".attn.q.weight")) {
            return Tensor.Q_WEIGHT;
        }
        if (path.endsWith(".attn.k.weight")) {
            return Tensor.K_WEIGHT;
        }
        if (path.endsWith(".attn.v.weight")) {
            return Tensor.V_WEIGHT;
        }
        if (path.endsWith(".self_attn.out_proj.weight")) {
            return Tensor.OUT_PROJ_WEIGHT;
        }
        if (path.endsWith(".self_attn.out_proj.bias")) {
            return Tensor.OUT_PROJ_BIAS;
        }
        if (weight && (path.endsWith(".linear1.weight") || path.endsWith(".linear2.weight"))) {
            return Tensor.FFN_WEIGHT;
        }
        if (parameter.layerKind() == LayerKind.EMBEDDING) {
            if (path.endsWith("class_token")) {
                return Tensor.CLASS_TOKEN;
            }
            return path.endsWith("pos_embedding") ? Tensor.POS_EMBEDDING : Tensor.EMBEDDING;
        }
        Placement where = ResidualStructure.placement(parameter);
        if (weight && parameter.layerKind() == LayerKind.CONV && parameter.placement().isPresent()
                && where.residualNetwork() && where.region() == Placement.Region.TRUNK && !where.classifier()) {
            return Tensor.PATCH_EMBEDDING;
        }
        return Tensor.OTHER;
    }

    /** @return whether the parameter is an embedding (class token, positional embedding or a table) */
    static boolean embedding(ParameterSpec parameter) {
        return parameter.layerKind() == LayerKind.EMBEDDING;
    }

    /**
     * Fails unless the network has self-attention ({@code in_proj_weight}), with the message
     * {@code <initializer> needs a transformer (attention blocks, e.g. <example>); <what this network lacks>}.
     *
     * @return the number of transformer layers {@code N = blocks / 2}
     */
    static int requireTransformer(String initializer, List<ParameterSpec> parameters, String example) {
        boolean placed = parameters.stream().anyMatch(p -> p.placement().isPresent());
        if (parameters.stream().noneMatch(p -> of(p) == Tensor.IN_PROJ_WEIGHT)) {
            throw new IllegalArgumentException(initializer + " needs a transformer (attention blocks, e.g. " + example
                    + "); " + (placed ? "this network has no self_attn.in_proj_weight"
                    : "these parameters say nothing about where they sit (no Placement) and have no attention"));
        }
        return layers(parameters);
    }

    /** @return the number of transformer layers, half the residual branches ({@link Placement#blocks()}), at least 1 */
    static int layers(List<ParameterSpec> parameters) {
        int blocks = parameters.stream().mapToInt(p -> ResidualStructure.placement(p).blocks()).max().orElse(0);
        return Math.max(1, blocks / 2);
    }

    /** @return the number of transformer layers a placed parameter's network has, {@code blocks / 2}, at least 1 */
    static int layers(ParameterSpec parameter) {
        return Math.max(1, ResidualStructure.placement(parameter).blocks() / 2);
    }

    /** @return the token width {@code D}, the last dimension of an embedding or the column count of a q/k/v block */
    static int width(ParameterSpec parameter) {
        return parameter.shape().dim(parameter.shape().rank() - 1);
    }

    /**
     * Fills a tensor whose row blocks of {@code rowsPerBlock} rows each have their own uniform half-width
     * ({@code bounds[block]}): one {@code nextDouble()} per element in row-major order, as {@link Fills#uniform}.
     */
    static void uniformRows(float[] values, int rowsPerBlock, int columns, double[] bounds, SeededRandom random) {
        if (columns == 0 || rowsPerBlock == 0) {
            return;
        }
        float[] row = new float[columns];
        int rows = values.length / columns;
        for (int r = 0; r < rows; r++) {
            double bound = bounds[Math.min(r / rowsPerBlock, bounds.length - 1)];
            Fills.uniform(row, -bound, bound, random);
            System.arraycopy(row, 0, values, r * columns, columns);
        }
    }

    /**
     * Fills a tensor whose row blocks of {@code rowsPerBlock} rows each have their own normal standard deviation
     * ({@code stds[block]}): one {@code nextGaussian()} per element in row-major order, as {@link Fills#normal}.
     */
    static void normalRows(float[] values, int rowsPerBlock, int columns, double[] stds, SeededRandom random) {
        if (columns == 0 || rowsPerBlock == 0) {
            return;
        }
        int rows = values.length / columns;
        for (int r = 0; r < rows; r++) {
            double std = stds[Math.min(r / rowsPerBlock, stds.length - 1)];
            for (int c = 0; c < columns; c++) {
                values[r * columns + c] = (float) (std * random.nextGaussian());
            }
        }
    }

    /** @return the standard deviation of a tensor made of equal row blocks with these stds: their root mean square */
    static double rootMeanSquare(double... stds) {
        double sum = 0;
        for (double s : stds) {
            sum += s * s;
        }
        return Math.sqrt(sum / stds.length);
    }

    /**
     * Fills a class token or positional embedding that an initializer does not claim the way a plan starts it
     * (torchvision's {@code VisionTransformer}): the class token 0, the positional embedding {@code N(0, 0.02^2)}.
     */
    static void torchvisionStart(ParameterSpec parameter, float[] values, SeededRandom random) {
        if (of(parameter) == Tensor.POS_EMBEDDING) {
            Fills.normal(values, 0, 0.02, random);
        } else {
            Arrays.fill(values, 0f);
        }
    }

    /** @return the standard deviation of {@link #torchvisionStart}: 0.02 for the positional embedding, else 0 */
    static double torchvisionStartStd(ParameterSpec parameter) {
        return of(parameter) == Tensor.POS_EMBEDDING ? 0.02 : 0;
    }
}

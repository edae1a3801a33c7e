package org.initlab.core.init;

import java.util.ArrayList;
import java.util.List;
import org.initlab.core.model.TransformerBlock;
import org.initlab.spi.DataDependentInitializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.TensorShape;

/**
 * The names per-parameter rules may give the query, key and value parts of a transformer block's fused projection:
 * {@code <i>.attn.q.weight}, {@code <i>.attn.k.weight}, {@code <i>.attn.v.weight} are the rows {@code [0, D)},
 * {@code [D, 2D)}, {@code [2D, 3D)} of {@code <i>.self_attn.in_proj_weight} (each {@code [D, D]}, fans {@code D} and
 * {@code D}), and {@code <i>.attn.q.bias} etc. the slices of {@code <i>.self_attn.in_proj_bias}. A rule fills a part
 * when it is the first rule matching the part's name and does not match the fused tensor's own path; the part is
 * then drawn from {@code init.fork(<part path>)}, over whatever the fused tensor's initializer wrote.
 */
final class QkvAliases {
    private static final String[] PARTS = {"q", "k", "v"};

    private QkvAliases() {
    }

    /**
     * One part of a fused projection.
     *
     * @param spec   the part's description, named by its alias
     * @param offset the index of its first element in the fused tensor
     */
    record Part(ParameterSpec spec, int offset) {
    }

    /** @return the q, k and v parts of a fused {@code in_proj} weight or bias; empty for any other parameter */
    static List<Part> parts(ParameterSpec fused) {
        String path = fused.path();
        boolean weight = path.endsWith("." + TransformerBlock.IN_PROJ_WEIGHT);
        if (!weight && !path.endsWith("." + TransformerBlock.IN_PROJ_BIAS)) {
            return List.of();
        }
        String prefix = path.substring(0, path.lastIndexOf(".self_attn."));
        int dim = fused.shape().dim(weight ? 1 : 0) / (weight ? 1 : 3);
        TensorShape square = TensorShape.of(dim, dim);
        List<Part> parts = new ArrayList<>(3);
        for (int k = 0; k < PARTS.length; k++) {
            String alias = prefix + ".attn." + PARTS[k] + (weight ? ".weight" : ".bias");
            ParameterSpec spec = weight ? ParameterSpec.weight(alias, square, LayerKind.DENSE, fused.nonlinearity())
                    : ParameterSpec.bias(alias, dim, square, LayerKind.DENSE, fused.nonlinearity());
            spec = fused.placement().map(spec::withPlacement).orElse(spec);
            parts.add(new Part(spec, k * (weight ? dim * dim : dim)));
        }
        return List.copyOf(parts);
    }

    /** @return the alias paths of every fused projection among the parameters */
    static List<String> aliasPaths(List<ParameterSpec> parameters) {
        return parameters.stream().flatMap(p -> parts(p).stream()).map(part -> part.spec().path()).toList();
    }

    /**
     * Overwrites the parts of a fused tensor that a rule names.
     *
     * @param fused  the fused parameter
     * @param values its values, already filled by its own initializer
     * @param rules  the plan's rules, in order
     * @param init   the plan's generator ({@code SeededRandom.of(seed).fork("init")})
     */
    static void fillParts(ParameterSpec fused, float[] values, List<InitializationPlan.ParameterOverride> rules,
                          SeededRandom init) {
        for (Part part : parts(fused)) {
            String alias = part.spec().path();
            InitializationPlan.ParameterOverride rule = rules.stream().filter(r -> r.matches(alias)).findFirst()
                    .orElse(null);
            if (rule == null || rule.matches(fused.path())) {
                continue;
            }
            NamedInitializer initializer = rule.initializer();
            if (initializer.initializer() instanceof DataDependentInitializer) {
                throw new IllegalArgumentException(initializer.spec() + " needs data and cannot fill " + alias
                        + " (a part of " + fused.path() + "); use it on the fused tensor");
            }
            float[] slice = new float[part.spec().elementCount()];
            try {
                initializer.initializer().initialize(part.spec(), slice, init.fork(alias));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(initializer.spec() + " cannot initialize " + alias + " "
                        + part.spec().shape() + ": " + e.getMessage(), e);
            } catch (RuntimeException | StackOverflowError e) {
                throw InitializerFailedException.of(initializer.spec(), alias + " " + part.spec().shape(), e);
            }
            System.arraycopy(slice, 0, values, part.offset(), slice.length);
        }
    }
}

package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A layer whose output the coordinate check measures: a weighted layer (its raw output, the pre-activations) or
 * an activation layer. It is named as {@code initlab inspect} and PyTorch's {@code nn.Sequential} name it, by
 * its module path ({@code 0}, {@code 1}, {@code 5.branch.1}); the same path names the same layer at every width.
 *
 * @param path the module path, e.g. {@code 2}
 * @param kind what the layer is: {@code dense}, {@code conv}, or the activation's spec name ({@code relu})
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record ProbedLayer(String path, String kind) {
    /** Validates the components. */
    public ProbedLayer {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    /** @return {@code path kind}, e.g. {@code 2 dense}, as tables and plots label the layer */
    public String label() {
        return path + " " + kind;
    }
}

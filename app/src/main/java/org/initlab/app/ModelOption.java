package org.initlab.app;

import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import picocli.CommandLine.Option;

/**
 * The option that names the network, declared once for {@code compare}, {@code inspect} (through
 * {@link NetworkOptions}) and {@code bench} (a picocli mixin): {@code --model SPEC}, default {@value #DEFAULT}.
 * Sweep's {@code --model} is a template with {@code {name}} placeholders and keeps its own declaration.
 */
final class ModelOption {
    /** The classic experiment's network: an MLP 784-512-128-10 with ReLU. */
    static final String DEFAULT = "mlp:784-512-128-10:relu";

    @Option(names = "--model", paramLabel = "SPEC", defaultValue = DEFAULT,
            description = "Model spec, e.g. mlp:784-512-128-10:relu, mlp:784-256x3-10:tanh, "
                    + "cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu or vit:1x28x28-p7-d64-h4-L6-10 (grammar in "
                    + "docs/reference/models.md; "
                    + "default: ${DEFAULT-VALUE}).")
    String model = DEFAULT;

    /**
     * @return the network the spec describes
     * @throws IllegalArgumentException for a spec that does not parse
     */
    Network network() {
        return ModelSpec.parse(model);
    }
}

package org.initlab.app;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.GateLayer;
import org.initlab.core.model.GlobalAvgPool2dLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.RmsNormLayer;
import org.initlab.core.model.ScalarBiasLayer;

/**
 * The PyTorch module that computes what an initlab network computes, written out as Python source: an
 * {@code nn.Sequential} whose modules carry every constructor argument that matters (eps, momentum, stride,
 * padding, groups, normalized shapes), so that its {@code state_dict()} names and shapes are those of
 * {@code initlab init}'s file and {@code load_state_dict(strict=True)} accepts it. Residual blocks become a small
 * {@code Residual} module with submodules {@code branch} and {@code shortcut} (and {@code post}, the activation
 * after the sum); gates and Fixup's scalar biases become {@code Gate} ({@code alpha}) and {@code ScalarBias}
 * ({@code bias}) modules holding an {@code nn.Parameter} of shape {@code [1]}; a vision transformer's layers become
 * {@code nn.TransformerEncoderLayer}s and small classes ({@link PytorchTransformerModules}); each class is printed
 * once, before the model, when the model uses it.
 *
 * <p>{@link #stateDictKeys()} lists the names the printed module's {@code state_dict()} has, derived from the
 * PyTorch modules printed (a {@code BatchNorm} has {@code weight, bias, running_mean, running_var,
 * num_batches_tracked}), so that a test can hold them against initlab's own state without running Python.
 */
public final class PytorchModules {
    private static final String INDENT = "    ";
    private final StringBuilder body = new StringBuilder();
    private final FeatureShape input;
    private final List<String> keys = new ArrayList<>();
    private boolean residual;
    private boolean gate;
    private boolean scalarBias;
    private final Set<PytorchTransformerModules.Helper> transformerHelpers = PytorchTransformerModules.noHelpers();

    private PytorchModules(Network network) {
        List<FeatureShape> shapes = network.shapes();
        input = network.inputShape();
        body.append("model = nn.Sequential(\n");
        for (int i = 0; i < network.layers().size(); i++) {
            Layer layer = network.layers().get(i);
            if (layer instanceof ResidualBlock block) {
                residualBlock(block, shapes.get(i), String.valueOf(i));
            } else {
                body.append(INDENT).append(module(layer, shapes.get(i), String.valueOf(i))).append(",  # ")
                        .append(i).append('\n');
            }
        }
        body.append(")\n");
    }

    /**
     * @param network a network
     * @return its PyTorch listing
     */
    public static PytorchModules of(Network network) {
        return new PytorchModules(network);
    }

    /** @return the helper classes the model uses (none for a plain network), then {@code model = nn.Sequential(...)} */
    public String source() {
        StringBuilder sb = new StringBuilder();
        if (residual) {
            sb.append("""
                    class Residual(nn.Module):
                        \"""y = post(shortcut(x) + branch(x)); no shortcut is the identity.\"""

                        def __init__(self, branch, shortcut=None, post=None):
                            super().__init__()
                            self.branch = branch
                            self.shortcut = shortcut if shortcut is not None else nn.Identity()
                            self.post = post if post is not None else nn.Identity()

                        def forward(self, x):
                            return self.post(self.shortcut(x) + self.branch(x))


                    """);
        }
        if (gate) {
            sb.append("""
                    class Gate(nn.Module):
                        \"""y = alpha * x with one learnable scalar (SkipInit, ReZero, Fixup's multiplier).\"""

                        def __init__(self):
                            super().__init__()
                            self.alpha = nn.Parameter(torch.ones(1))

                        def forward(self, x):
                            return self.alpha * x


                    """);
        }
        if (scalarBias) {
            sb.append("""
                    class ScalarBias(nn.Module):
                        \"""y = x + bias with one learnable scalar (Fixup's scalar biases).\"""

                        def __init__(self):
                            super().__init__()
                            self.bias = nn.Parameter(torch.zeros(1))

                        def forward(self, x):
                            return x + self.bias


                    """);
        }
        transformerHelpers.forEach(h -> sb.append(h.source()));
        return sb.append(body).toString();
    }

    /**
     * A whole Python script: the imports, {@link #source()}, and the loading of a safetensors file with
     * {@code load_state_dict(strict=True)}.
     *
     * @param file the file name as the script should open it
     * @return the script, ending in a newline
     */
    public String script(String file) {
        String batch = input.spatial() ? "[N, " + input.channels() + ", " + input.height() + ", " + input.width() + "]"
                : "[N, " + input.channels() + "]";
        return "import torch\n"
                + "from torch import nn\n"
                + "from safetensors.torch import load_file\n\n\n"
                + source()
                + "# input: float32 batches of shape " + batch + "\n"
                + "model.load_state_dict(load_file(\"" + file.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"), strict=True)\n";
    }

    /** @return the names of the printed module's {@code state_dict()}, in module order */
    public List<String> stateDictKeys() {
        return List.copyOf(keys);
    }

    private void residualBlock(ResidualBlock block, FeatureShape input, String prefix) {
        residual = true;
        String inner = INDENT + INDENT;
        body.append(INDENT).append("Residual(  # ").append(prefix).append('\n');
        body.append(inner).append("branch=nn.Sequential(\n");
        sequence(block.branch(), block.branchShapes(input), prefix + ".branch");
        body.append(inner).append("),\n");
        if (!block.shortcut().isEmpty()) {
            body.append(inner).append("shortcut=nn.Sequential(\n");
            sequence(block.shortcut(), block.shortcutShapes(input), prefix + ".shortcut");
            body.append(inner).append("),\n");
        }
        block.postActivation().ifPresent(a -> body.append(inner).append("post=").append(activation(a)).append(",\n"));
        body.append(INDENT).append("),\n");
    }

    private void sequence(List<Layer> layers, List<FeatureShape> shapes, String prefix) {
        for (int j = 0; j < layers.size(); j++) {
            body.append(INDENT.repeat(3)).append(module(layers.get(j), shapes.get(j), prefix + "." + j)).append(",\n");
        }
    }

    /** One module's constructor call; records its state_dict names under {@code path}. */
    private String module(Layer layer, FeatureShape input, String path) {
        if (PytorchTransformerModules.handles(layer)) {
            state(path, PytorchTransformerModules.stateNames(layer));
            return PytorchTransformerModules.module(layer, transformerHelpers);
        }
        if (layer instanceof DenseLayer d) {
            state(path, "weight", "bias");
            return "nn.Linear(" + d.inputs() + ", " + d.outputs() + ")";
        }
        if (layer instanceof Conv2dLayer c) {
            state(path, "weight", "bias");
            return "nn.Conv2d(" + c.inChannels() + ", " + c.outChannels() + ", kernel_size=" + c.kernel()
                    + ", stride=" + c.stride() + ", padding=" + c.padding() + ", groups=" + c.groups() + ")";
        }
        if (layer instanceof BatchNormLayer b) {
            state(path, "weight", "bias", "running_mean", "running_var", "num_batches_tracked");
            return "nn.BatchNorm" + (input.spatial() ? "2d(" : "1d(") + b.features() + ", eps="
                    + pythonFloat(b.eps()) + ", momentum=" + pythonFloat(b.momentum()) + ")";
        }
        if (layer instanceof LayerNormLayer n) {
            state(path, "weight", "bias");
            return "nn.LayerNorm(" + shape(n.normalizedShape()) + ", eps=" + pythonFloat(n.eps()) + ")";
        }
        if (layer instanceof RmsNormLayer n) {
            state(path, "weight");
            return "nn.RMSNorm(" + shape(n.normalizedShape()) + ", eps=" + pythonFloat(n.eps()) + ")";
        }
        if (layer instanceof GateLayer) {
            gate = true;
            state(path, "alpha");
            return "Gate()";
        }
        if (layer instanceof ScalarBiasLayer) {
            scalarBias = true;
            state(path, "bias");
            return "ScalarBias()";
        }
        if (layer instanceof ActivationLayer a) {
            return activation(a.activation());
        }
        if (layer instanceof MaxPool2dLayer p) {
            return "nn.MaxPool2d(kernel_size=" + p.kernel() + ", stride=" + p.stride() + ")";
        }
        if (layer instanceof AvgPool2dLayer p) {
            return "nn.AvgPool2d(kernel_size=" + p.kernel() + ", stride=" + p.stride() + ")";
        }
        if (layer instanceof GlobalAvgPool2dLayer) {
            return "nn.AdaptiveAvgPool2d(1)";
        }
        if (layer instanceof FlattenLayer) {
            return "nn.Flatten()";
        }
        if (layer instanceof DropoutLayer d) {
            return "nn.Dropout(p=" + pythonFloat(d.probability()) + ")";
        }
        throw new IllegalArgumentException("no PyTorch module for " + layer + " (residual blocks do not nest)");
    }

    private void state(String path, String... names) {
        for (String name : names) {
            keys.add(path + "." + name);
        }
    }

    private static String shape(FeatureShape shape) {
        return shape.spatial() ? "[" + shape.channels() + ", " + shape.height() + ", " + shape.width() + "]"
                : String.valueOf(shape.channels());
    }

    /** @return the module of an activation with PyTorch's arguments for initlab's definition */
    static String activation(Activation activation) {
        return switch (activation) {
            case RELU -> "nn.ReLU()";
            case LEAKY_RELU -> "nn.LeakyReLU(negative_slope=" + pythonFloat(Activation.LEAKY_SLOPE) + ")";
            case TANH -> "nn.Tanh()";
            case SIGMOID -> "nn.Sigmoid()";
            case SELU -> "nn.SELU()";
            case GELU -> "nn.GELU()";
            case ELU -> "nn.ELU(alpha=1.0)";
            case GELU_TANH -> "nn.GELU(approximate='tanh')";
            case SILU -> "nn.SiLU()";
            case MISH -> "nn.Mish()";
            case IDENTITY -> "nn.Identity()";
        };
    }

    /**
     * @param value a finite double
     * @return the text Python's {@code repr} gives it: {@code 1e-05}, {@code 0.1}, {@code 1.1920928955078125e-07}
     */
    static String pythonFloat(double value) {
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (decimal.signum() == 0) {
            return "0.0";
        }
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = decimal.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (decimal.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format(java.util.Locale.ROOT, "%02d", Math.abs(exponent));
        }
        String plain = decimal.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}

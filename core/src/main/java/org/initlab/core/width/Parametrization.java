package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apiguardian.api.API;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.internal.OptionBinding;
import org.initlab.spi.internal.SpecString;
import org.initlab.spi.internal.Suggestions;

/**
 * How the scale of each dense layer's initialization, its forward pass and its learning rate change with the
 * network's width. Written as a spec: {@code sp}, {@code ntk}, {@code mup(base_width=64)}; each takes the option
 * {@code base_width} (SP ignores it, so that one sweep template {@code {p}(base_width=64)} serves all three).
 *
 * <p>The width multiplier is {@code m = width / base_width}, where {@code width} is the network's first hidden
 * width; every hidden width is taken to grow with {@code m}, the input features and the classes are fixed.
 * Each dense layer has a {@link DenseRole} (input, hidden, output) and its bias. The three tables, with the
 * papers' notation, are in {@code docs/reference/parametrizations.md}.
 *
 * <p>NTK and muP are defined here for networks of dense, activation, dropout and flatten layers; on a network
 * with any other layer (convolution, normalization, residual block, ...) {@link #apply} throws a one-line
 * error naming the layer. SP applies to every network.
 */
@API(status = EXPERIMENTAL, since = "0.5")
public sealed interface Parametrization
        permits Parametrization.Standard, Parametrization.NeuralTangent, Parametrization.MaximalUpdate {

    /** The known names, in documentation order. */
    List<String> NAMES = List.of("sp", "ntk", "mup");

    /** The option every parametrization accepts. */
    List<OptionSpec> OPTIONS = List.of(OptionSpec.integer("base_width", 0,
            "the first hidden width of the base model the multipliers are relative to (0 = none)"));

    /** @return the name: {@code sp}, {@code ntk} or {@code mup} */
    String name();

    /** @return the base width the multipliers are relative to, when one was given (SP keeps none) */
    OptionalInt baseWidth();

    /** @return the canonical spec, e.g. {@code sp}, {@code ntk}, {@code mup(base_width=64)} */
    default String spec() {
        return baseWidth().isPresent() ? name() + "(base_width=" + baseWidth().getAsInt() + ")" : name();
    }

    /**
     * Applies the parametrization.
     *
     * @param network   the network, as the model spec builds it
     * @param optimizer the optimizer (muP scales learning rates differently for SGD-like and Adam-like ones)
     * @return the transformed network, the initial-value multipliers and the parameter groups
     * @throws IllegalArgumentException when the parametrization is not defined for a layer of the network, or
     *                                  muP needs a base width the spec does not give
     */
    WidthScaling apply(Network network, OptimizerSpec optimizer);

    /**
     * Applies the parametrization for initialization and inspection only: the transformed network and the
     * initial-value factors do not depend on the optimizer; the {@link WidthScaling#groups() groups} are SGD's.
     *
     * @param network the network
     * @return the scaling
     * @throws IllegalArgumentException as {@link #apply(Network, OptimizerSpec)}
     */
    default WidthScaling apply(Network network) {
        return apply(network, OptimizerSpec.parse("sgd"));
    }

    /** @return the standard parametrization, which changes nothing */
    static Parametrization standard() {
        return new Standard();
    }

    /**
     * Parses {@code sp}, {@code ntk}, {@code mup}, each with an optional {@code base_width=N}, {@code N >= 1}.
     *
     * @param text the spec
     * @return the parametrization
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or a bad option
     */
    static Parametrization parse(String text) {
        SpecString spec = SpecString.parse(text);
        String name = spec.name();
        if (!NAMES.contains(name)) {
            String hint = Suggestions.closest(name, NAMES).map(s -> "; did you mean '" + s + "'?").orElse("");
            throw new IllegalArgumentException("unknown parametrization '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")" + hint);
        }
        InitializerOptions options = InitializerOptions.of(name, OPTIONS, OptionBinding.named(name,
                OPTIONS.stream().map(OptionSpec::name).toList(), spec.arguments()));
        OptionalInt base = OptionalInt.empty();
        if (options.isExplicit("base_width")) {
            long width = options.integer("base_width");
            if (width < 1 || width > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("option 'base_width' of " + name + " must be >= 1, got " + width);
            }
            base = OptionalInt.of((int) width);
        }
        return switch (name) {
            case "ntk" -> new NeuralTangent(base);
            case "mup" -> new MaximalUpdate(base);
            default -> new Standard();
        };
    }

    /**
     * The standard parametrization (SP): the initializer's variance, no forward multiplier, one learning rate.
     * This is what PyTorch does by default.
     */
    @API(status = EXPERIMENTAL, since = "0.5")
    record Standard() implements Parametrization {
        @Override
        public String name() {
            return "sp";
        }

        @Override
        public OptionalInt baseWidth() {
            return OptionalInt.empty();
        }

        /** {@inheritDoc} The network is unchanged; for a dense network the table lists its layers, all 1. */
        @Override
        public WidthScaling apply(Network network, OptimizerSpec optimizer) {
            List<DenseScale> layers = DenseStack.of(network)
                    .map(stack -> stack.layers().stream().map(ScaleTables::standard).toList()).orElse(List.of());
            return WidthScaling.of(this, network, layers);
        }
    }

    /**
     * The NTK parametrization of Jacot, Gabriel and Hongler (2018), "Neural Tangent Kernel: Convergence and
     * Generalization in Neural Networks": every dense layer computes {@code y = W x / sqrt(n) + b} with
     * {@code W ~ N(0, sigma^2)}, where {@code n} is its fan-in. initlab keeps the chosen initializer and
     * multiplies its values by {@code sqrt(n)} (its variance by {@code n}, so a fan-in initializer's
     * {@code sigma^2 / n} becomes {@code sigma^2}) and sets the layer's input multiplier to {@code 1 / sqrt(n)};
     * the function at initialization is the same as SP's, the training dynamics are the lazy (kernel) regime.
     * With a base width the anchored form is used: {@code n} is replaced by the fan-in's width multiplier
     * ({@code m} for a hidden fan-in, 1 for the input features), so NTK equals SP at the base width. The
     * learning rate is the same for every parameter and both optimizers (Jacot et al. define the regime for
     * gradient descent with a width-independent rate); biases are unchanged.
     *
     * @param baseWidth the base width, empty for Jacot's absolute form
     */
    @API(status = EXPERIMENTAL, since = "0.5")
    record NeuralTangent(OptionalInt baseWidth) implements Parametrization {
        /** Checks the base width. */
        public NeuralTangent {
            checkBase(baseWidth);
        }

        @Override
        public String name() {
            return "ntk";
        }

        @Override
        public WidthScaling apply(Network network, OptimizerSpec optimizer) {
            DenseStack stack = DenseStack.require(network, spec());
            double m = multiplier(stack, baseWidth);
            List<DenseScale> layers = new ArrayList<>();
            for (DenseStack.Entry e : stack.layers()) {
                layers.add(ScaleTables.ntk(e, baseWidth, m));
            }
            return WidthScaling.of(this, network, layers);
        }
    }

    /**
     * The maximal update parametrization (muP) of Yang and Hu (2021), "Tensor Programs IV: Feature Learning in
     * Infinite-Width Neural Networks", as Yang et al. (2022), "Tensor Programs V: Tuning Large Neural Networks
     * via Zero-Shot Hyperparameter Transfer", implement it in the {@code mup} package ({@code MuReadout},
     * {@code set_base_shapes}, {@code MuSGD}, {@code MuAdam}), with {@code m = width / base_width}: the
     * initializer is kept (fan-in scaled: He, Xavier, PyTorch's default), the output layer's input is multiplied
     * by {@code 1 / m} and its initial weight and bias by {@code sqrt(m)}, other biases' initial values by
     * {@code sqrt(fan-in multiplier)}; with Adam the hidden weights' learning rate is divided by {@code m} (their
     * weight decay multiplied by {@code m}); with SGD the learning rate of the input weights, the input and hidden
     * biases and the output weights is multiplied by {@code m} (their weight decay divided by it). At the base
     * width every factor is 1: muP equals SP. A network with a hidden layer needs {@code base_width}.
     *
     * @param baseWidth the base width; needed when the network has a hidden layer
     */
    @API(status = EXPERIMENTAL, since = "0.5")
    record MaximalUpdate(OptionalInt baseWidth) implements Parametrization {
        /** Checks the base width. */
        public MaximalUpdate {
            checkBase(baseWidth);
        }

        @Override
        public String name() {
            return "mup";
        }

        @Override
        public WidthScaling apply(Network network, OptimizerSpec optimizer) {
            DenseStack stack = DenseStack.require(network, spec());
            if (stack.hasHiddenWidth() && baseWidth.isEmpty()) {
                throw new IllegalArgumentException("parametrization mup needs base_width for " + network.spec()
                        + ", which has hidden layers (e.g. mup(base_width=" + stack.firstHiddenWidth() + ") makes"
                        + " this width the base)");
            }
            double m = multiplier(stack, baseWidth);
            List<DenseScale> layers = new ArrayList<>();
            for (DenseStack.Entry e : stack.layers()) {
                layers.add(ScaleTables.mup(e, m, optimizer));
            }
            return WidthScaling.of(this, network, layers);
        }
    }

    private static void checkBase(OptionalInt baseWidth) {
        java.util.Objects.requireNonNull(baseWidth, "baseWidth");
        if (baseWidth.isPresent() && baseWidth.getAsInt() < 1) {
            throw new IllegalArgumentException("base_width must be >= 1, got " + baseWidth.getAsInt());
        }
    }

    /** @return {@code first hidden width / base width}, 1 without a hidden width or a base width */
    private static double multiplier(DenseStack stack, OptionalInt baseWidth) {
        return stack.hasHiddenWidth() && baseWidth.isPresent()
                ? (double) stack.firstHiddenWidth() / baseWidth.getAsInt() : 1;
    }
}

package org.initlab.initializers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.initlab.spi.DataDependentInitializer;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;

/**
 * What the structure-aware built-ins ({@code fixup}, {@code skipinit}, {@code rezero}, {@code zero-gamma},
 * {@code residual-scaled}) share: reading a parameter's {@link Placement}, the network checks with their
 * one-line messages, and the constants a plan starts normalization layers, gates and scalar biases at.
 *
 * <p>A parameter without a placement (a description built with the six-argument constructor, as plugins' own
 * tests build them) counts as a trunk parameter of a network without residual blocks.
 */
final class ResidualStructure {
    private ResidualStructure() {
    }

    /** @return the parameter's placement, or a trunk placement in a network without blocks when it has none */
    static Placement placement(ParameterSpec parameter) {
        return parameter.placement().orElse(Placement.trunk(0, 0, false));
    }

    /** @return whether the parameter is a dense or convolution kernel (not a bias, scale or scalar) */
    static boolean kernel(ParameterSpec parameter) {
        return parameter.role() == ParameterRole.WEIGHT && parameter.layerKind() != LayerKind.NORMALIZATION
                && parameter.layerKind() != LayerKind.OTHER;
    }

    /** @return whether the parameter is the kernel of the last weighted layer of a residual branch */
    static boolean branchOutputKernel(ParameterSpec parameter) {
        return kernel(parameter) && placement(parameter).lastInBranch();
    }

    /** @return whether the parameter is a residual gate {@code alpha} */
    static boolean gate(ParameterSpec parameter) {
        return placement(parameter).region() == Placement.Region.GATE;
    }

    /** @return whether the parameter is the scale of a normalization layer */
    static boolean normalizationScale(ParameterSpec parameter) {
        return parameter.layerKind() == LayerKind.NORMALIZATION && parameter.role() != ParameterRole.BIAS;
    }

    /**
     * The value a plan starts a parameter at whatever its initializer: normalization scale 1 and shift 0, gate
     * 1, scalar bias 0; empty for kernels and layer biases.
     */
    static OptionalDouble constantStart(ParameterSpec parameter) {
        if (parameter.layerKind() == LayerKind.NORMALIZATION) {
            return OptionalDouble.of(parameter.role() == ParameterRole.BIAS ? 0 : 1);
        }
        return switch (placement(parameter).region()) {
            case GATE -> OptionalDouble.of(1);
            case SCALAR_BIAS -> OptionalDouble.of(0);
            default -> OptionalDouble.empty();
        };
    }

    /** Whether a parameter starts at a fixed value whatever the law: a {@link #constantStart} or a layer bias (0). */
    static boolean fixedStart(ParameterSpec parameter) {
        return constantStart(parameter).isPresent() || parameter.role() == ParameterRole.BIAS;
    }

    /**
     * Writes a {@link #fixedStart}: the plan's constant, 0 for a layer bias.
     *
     * @param parameter a parameter
     * @param values    its elements, filled when it has a fixed start
     * @return whether it had one (and {@code values} was filled)
     */
    static boolean fillFixedStart(ParameterSpec parameter, float[] values) {
        if (!fixedStart(parameter)) {
            return false;
        }
        Arrays.fill(values, (float) constantStart(parameter).orElse(0));
        return true;
    }

    /**
     * Fails unless some parameter sits in a network with residual blocks.
     *
     * @param initializer the initializer's name, first word of the message
     * @param parameters  the network's parameters
     * @param example     a model spec with the blocks it needs, e.g. {@code mlp:784-256-[256-256-fixup]x16-10}
     */
    static void requireBlocks(String initializer, List<ParameterSpec> parameters, String example) {
        boolean placed = parameters.stream().anyMatch(p -> p.placement().isPresent());
        if (parameters.stream().noneMatch(p -> placement(p).residualNetwork())) {
            throw new IllegalArgumentException(initializer + " needs a network with residual blocks (e.g. "
                    + example + "); " + (placed ? "this one has none"
                    : "these parameters say nothing about where they sit (no Placement)"));
        }
    }

    /**
     * Fails unless every residual block has a gate {@code alpha} (after {@link #requireBlocks}).
     *
     * @param initializer the initializer's name
     * @param parameters  the network's parameters
     * @param hint        how to add one, e.g. {@code add alpha inside the brackets, as in [256-256-alpha]}
     */
    static void requireGates(String initializer, List<ParameterSpec> parameters, String hint) {
        requireInEachBlock(initializer, parameters, ResidualStructure::gate, "a gate", hint);
    }

    /**
     * Fails unless every residual block holds a parameter that {@code has} accepts (after
     * {@link #requireBlocks}), with the message {@code <initializer> needs <what> in each residual branch:
     * <hint> (residual block 2 of 16 has none)}.
     */
    static void requireInEachBlock(String initializer, List<ParameterSpec> parameters, Predicate<ParameterSpec> has,
                                   String what, String hint) {
        int blocks = parameters.stream().mapToInt(p -> placement(p).blocks()).max().orElse(0);
        TreeSet<Integer> missing = new TreeSet<>();
        for (int b = 0; b < blocks; b++) {
            missing.add(b);
        }
        parameters.stream().filter(p -> placement(p).region() != Placement.Region.TRUNK).filter(has)
                .forEach(p -> missing.remove(placement(p).block()));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(initializer + " needs " + what + " in each residual branch: " + hint
                    + " (" + (missing.size() == blocks ? "no block has one"
                    : "residual block " + missing.first() + " of " + blocks + " has none") + ")");
        }
    }

    /** @return the first parameter that belongs to a normalization layer, if any */
    static Optional<ParameterSpec> firstNormalization(List<ParameterSpec> parameters) {
        return parameters.stream().filter(p -> p.layerKind() == LayerKind.NORMALIZATION).findFirst();
    }

    /**
     * @return the module path of a parameter's layer ({@code 2.branch.1} for {@code 2.branch.1.weight})
     */
    static String layerPath(ParameterSpec parameter) {
        int dot = parameter.path().lastIndexOf('.');
        return dot > 0 ? parameter.path().substring(0, dot) : parameter.path();
    }

    /**
     * The nested {@code base} initializer of a wrapper, refused when it is structure-aware itself (the plan
     * would not ask it what it claims) or needs data (the plan would not run its refinement).
     *
     * @param initializer the wrapper's name
     * @param options     its bound options, with an INITIALIZER option {@code base}
     * @return the base initializer
     */
    static Initializer base(String initializer, InitializerOptions options) {
        Initializer base = options.initializer("base");
        if (base instanceof StructureAwareInitializer || base instanceof DataDependentInitializer) {
            throw new IllegalArgumentException("option 'base' of " + initializer + " must be a plain initializer "
                    + "such as he-normal, got '" + options.text("base") + "', which "
                    + (base instanceof DataDependentInitializer ? "needs data" : "is structure-aware itself"));
        }
        return base;
    }

    /**
     * Fills a parameter the way the zero-start schemes (skipinit, rezero, zero-gamma) do: a claimed parameter
     * with its value, a parameter that plans start at a constant with that constant, anything else with
     * {@code base} (same generator).
     */
    static void fill(ParameterSpec parameter, float[] values, SeededRandom random, boolean claimed,
                     double claimedValue, Initializer base) {
        Initializer.checkLength(parameter, values);
        OptionalDouble constant = constantStart(parameter);
        if (claimed) {
            Arrays.fill(values, (float) claimedValue);
        } else if (constant.isPresent()) {
            Arrays.fill(values, (float) constant.getAsDouble());
        } else {
            base.initialize(parameter, values, random);
        }
    }

    /** @return 0 for a claimed or constant parameter, else {@code base}'s expected std */
    static OptionalDouble expectedStd(ParameterSpec parameter, boolean claimed, Initializer base) {
        return claimed || constantStart(parameter).isPresent() ? OptionalDouble.of(0) : base.expectedStd(parameter);
    }
}

package org.initlab.integrations.djl;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;
import org.initlab.spi.DataDependentInitializer;
import org.initlab.spi.Fans;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;
import org.initlab.spi.TensorShape;

/**
 * A DJL {@link ai.djl.training.initializer.Initializer} that fills arrays with an initlab initializer named by a
 * spec string, for DJL's own initialization path:
 *
 * <pre>{@code
 * block.setInitializer(InitlabInitializer.of("orthogonal").withSeed(42), Parameter.Type.WEIGHT);
 * block.setInitializer(InitlabInitializer.of("zeros").forBiases(), Parameter.Type.BIAS);
 * block.initialize(manager, DataType.FLOAT32, new Shape(1, 784));
 * }</pre>
 *
 * <p>DJL tells an initializer only a shape, so this one describes the array to initlab from it: a weight of
 * 2 dimensions is a dense layer's ({@code [out, in]}), of 3 or more a convolution's
 * ({@code [out, in/groups, k...]}), with their fans as PyTorch computes them; a bias ({@link #forBiases()})
 * knows no layer fans, so initializers that need them for biases ({@code pytorch-default}) refuse. The values are
 * initlab's, bit for bit, computed in {@code float} and converted to the array's data type.
 *
 * <p>Randomness: with {@link #forParameter(String)} the array is filled from
 * {@code SeededRandom.of(seed).fork("init").fork(name)}, exactly as initlab's plans and
 * {@link DjlBlockInitializer} fill that parameter. Without a name, call {@code k} (counted from 0 per instance)
 * uses {@code fork("init").fork("#" + k)}: DJL initializes a block's parameters in a fixed order, so a fresh
 * instance per model gives the same arrays for one seed, but reusing an instance for a second model continues the
 * count. Prefer {@link DjlBlockInitializer} on the initialized block when values must not depend on order.
 *
 * <p>Data-dependent initializers ({@code lsuv}) and structure-aware ones ({@code fixup}) need more than a shape
 * and are refused here; {@link DjlBlockInitializer} runs the former on a probe batch. Instances are immutable
 * apart from the call counter, and thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.5")
public final class InitlabInitializer implements ai.djl.training.initializer.Initializer {
    private final ResolvedInitializer initializer;
    private final ParameterRole role;
    private final Nonlinearity nonlinearity;
    private final long seed;
    private final Optional<String> name;
    private final AtomicLong calls = new AtomicLong();

    private InitlabInitializer(ResolvedInitializer initializer, ParameterRole role, Nonlinearity nonlinearity,
                               long seed, Optional<String> name) {
        this.initializer = initializer;
        this.role = role;
        this.nonlinearity = nonlinearity;
        this.seed = seed;
        this.name = name;
    }

    /**
     * @param spec an initlab spec, e.g. {@code orthogonal} or {@code he-normal(nonlinearity=relu)}, resolved among
     *             the initializers on the class path ({@link InitializerCatalog#discover()})
     * @return an initializer for weights, seed 0, nonlinearity {@code linear}
     * @throws IllegalArgumentException for a bad spec, or one that needs data or a residual structure
     */
    public static InitlabInitializer of(String spec) {
        return of(InitializerCatalog.discover().resolve(spec));
    }

    /**
     * @param resolved a resolved initlab initializer
     * @return an initializer for weights, seed 0, nonlinearity {@code linear}
     * @throws IllegalArgumentException when it needs data or a residual structure
     */
    public static InitlabInitializer of(ResolvedInitializer resolved) {
        Objects.requireNonNull(resolved, "resolved");
        if (resolved.initializer() instanceof DataDependentInitializer) {
            throw new IllegalArgumentException(resolved.spec() + " needs data: it rescales weights from forward "
                    + "passes of a batch, which a DJL Initializer never sees; use DjlBlockInitializer.initialize("
                    + "block, seed, probeBatch) on the initialized block instead");
        }
        if (resolved.initializer() instanceof StructureAwareInitializer) {
            throw new IllegalArgumentException(resolved.spec() + " needs to know where each parameter sits in a "
                    + "residual network, which DJL blocks do not describe");
        }
        return new InitlabInitializer(resolved, ParameterRole.WEIGHT, Nonlinearity.LINEAR, 0, Optional.empty());
    }

    /**
     * @param newSeed the run seed
     * @return this initializer with another seed (and a fresh call count)
     */
    public InitlabInitializer withSeed(long newSeed) {
        return new InitlabInitializer(initializer, role, nonlinearity, newSeed, name);
    }

    /**
     * @param next the nonlinearity that follows the layers this initializer fills (what initializers that read
     *             it see; the built-in gain-based ones take their gain from their own {@code nonlinearity}
     *             option, as PyTorch's functions do)
     * @return this initializer with that nonlinearity
     */
    public InitlabInitializer withNonlinearity(Nonlinearity next) {
        return new InitlabInitializer(initializer, role, Objects.requireNonNull(next, "next"), seed, name);
    }

    /** @return this initializer describing its arrays as biases instead of weights */
    public InitlabInitializer forBiases() {
        return new InitlabInitializer(initializer, ParameterRole.BIAS, nonlinearity, seed, name);
    }

    /**
     * @param parameterName DJL's name of the one parameter this instance fills (e.g. {@code 01Linear_weight}), to
     *                      be set with {@code block.getParameters().get(parameterName).setInitializer(...)}
     * @return this initializer seeding by that name, as {@link DjlBlockInitializer} does
     */
    public InitlabInitializer forParameter(String parameterName) {
        if (parameterName.isBlank()) {
            throw new IllegalArgumentException("parameter name must not be blank");
        }
        return new InitlabInitializer(initializer, role, nonlinearity, seed, Optional.of(parameterName));
    }

    /** @return the canonical spec of the initlab initializer */
    public String spec() {
        return initializer.spec();
    }

    /**
     * Fills a new array of the given shape with initlab's values.
     *
     * @param manager  where the array is created
     * @param shape    its shape, PyTorch layout (DJL's)
     * @param dataType its data type; the values are computed as {@code float}
     * @return the array
     * @throws IllegalArgumentException when the initializer does not support the shape (one line naming the
     *                                  parameter, its shape and the problem)
     */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        String label = name.orElseGet(() -> "#" + calls.getAndIncrement());
        String shown = name.map(n -> "parameter " + n).orElse("a DJL " + (role == ParameterRole.BIAS ? "bias" : "weight"));
        TensorShape tensorShape = DjlParameters.toTensorShape(label, shape);
        ParameterSpec parameter = describe(label, tensorShape);
        float[] values = new float[parameter.elementCount()];
        try {
            initializer.initializer().initialize(parameter, values, SeededRandom.of(seed).fork("init").fork(label));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(initializer.spec() + " cannot initialize " + shown + " " + tensorShape
                    + ": " + e.getMessage(), e);
        }
        NDArray array = manager.create(values, shape);
        return dataType == DataType.FLOAT32 ? array : array.toType(dataType, false);
    }

    private ParameterSpec describe(String label, TensorShape shape) {
        LayerKind kind = shape.rank() == 2 ? LayerKind.DENSE : shape.rank() > 2 ? LayerKind.CONV : LayerKind.OTHER;
        if (role == ParameterRole.BIAS) {
            return new ParameterSpec(label, ParameterRole.BIAS, shape, LayerKind.OTHER, nonlinearity,
                    Optional.<Fans>empty());
        }
        return ParameterSpec.weight(label, shape, kind, nonlinearity);
    }

    @Override
    public String toString() {
        return "InitlabInitializer[" + initializer.spec() + (role == ParameterRole.BIAS ? ", biases" : "")
                + ", seed " + seed + name.map(n -> ", " + n).orElse("") + "]";
    }
}

package org.initlab.app;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.NamedInitializer;
import org.initlab.core.init.TensorMoments;
import org.initlab.core.limits.MemoryBudget;
import org.initlab.tensorformats.NumpyArrays;
import org.initlab.tensorformats.TensorData;
import org.initlab.spi.DataDependentInitializer;
import org.initlab.spi.Gain;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.TensorShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code initlab sample}: fills one tensor with an initializer, prints its statistics next to theory and
 * optionally writes it as a NumPy {@code .npy} file, so that anyone can check initlab against NumPy, SciPy or
 * PyTorch.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fill one tensor (PyTorch layout, float32) with an initializer and print its statistics "
                + "next to the theoretical std; --out writes it as a NumPy .npy file (<f4, C order).",
                "With the same --seed and --path it reproduces the tensor that compare starts from."})
public final class SampleCommand implements Callable<Integer> {
    private final InitializerRegistry registry;

    @Spec
    CommandSpec spec;

    @Option(names = "--init", paramLabel = "SPEC", required = true,
            description = "Initializer spec, e.g. he-normal or 'normal(std=0.01)'.")
    String init;

    @Option(names = "--shape", paramLabel = "D0,D1[,...]", required = true,
            description = "Tensor shape in PyTorch layout: dense [out,in], conv [out,in/groups,k...], bias [out].")
    String shape;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--path", paramLabel = "NAME",
            description = "Parameter path the generator is forked for (default: 0.weight, or 0.bias with "
                    + "--role bias): the first layer of a compare run with the same seed.")
    Optional<String> path;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "weight",
            description = "weight or bias (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(names = "--nonlinearity", paramLabel = "NAME", defaultValue = "linear",
            description = "The nonlinearity that follows the layer, for initializers that use it "
                    + "(default: ${DEFAULT-VALUE}).")
    String nonlinearity;

    @Option(names = "--layer-shape", paramLabel = "D0,D1[,...]",
            description = "For --role bias: the shape of the layer's weight (its fans), e.g. for pytorch-default.")
    Optional<String> layerShape;

    @Option(names = "--out", paramLabel = "FILE.npy", description = "Write the tensor as a NumPy .npy file.")
    Optional<Path> out;

    /** @param registry the initializers */
    @Inject
    public SampleCommand(InitializerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        TensorShape tensorShape = TensorShape.parse(shape);
        if (tensorShape.elementCount() == 0) {
            throw new IllegalArgumentException("--shape " + shape + " has no elements; every dimension must be >= 1");
        }
        ResourceChecks.sample(shape, tensorShape.elementCount(), MemoryBudget.ofRuntime());
        out.ifPresent(f -> OutputPaths.checkWritableFile("--out", f));
        if (!Gain.RECOMMENDED_NONLINEARITIES.contains(nonlinearity)) {
            throw new IllegalArgumentException("--nonlinearity must be one of " + String.join(", ",
                    Gain.RECOMMENDED_NONLINEARITIES) + "; got '" + nonlinearity + "'");
        }
        ParameterSpec parameter = parameter(tensorShape);
        NamedInitializer initializer = registry.resolve(init);
        if (initializer.initializer() instanceof DataDependentInitializer) {
            throw new IllegalArgumentException(initializer.spec() + " needs data (it rescales layers by running the "
                    + "network forward), so it cannot fill a single tensor; use 'initlab inspect --init "
                    + initializer.spec() + "' to see its effect");
        }
        float[] values = new float[parameter.elementCount()];
        initializer.initializer().initialize(parameter, values,
                SeededRandom.of(seed).fork("init").fork(parameter.path()));

        TensorMoments moments = TensorMoments.of(values);
        double mean = moments.mean();
        double std = moments.std();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        OptionalDouble theory = initializer.initializer().expectedStd(parameter);
        stdout.printf(Locale.ROOT, "%s %s %s seed %d (%d values)%n", initializer.spec(), parameter.path(),
                tensorShape, seed, values.length);
        stdout.printf(Locale.ROOT, "mean %.6g  std %.6g  min %.6g  max %.6g%n", mean, std, min, max);
        if (theory.isPresent()) {
            double t = theory.getAsDouble();
            stdout.printf(Locale.ROOT, "theory std %.6g  (measured/theory %.4f; a uniform with this std has "
                    + "bound %.6g)%n", t, t == 0 ? Double.NaN : std / t, Math.sqrt(3) * t);
        } else {
            stdout.println("theory std: not known in closed form for this initializer");
        }
        if (out.isPresent()) {
            try {
                NumpyArrays.writeNpy(out.get(), new TensorData(tensorShape.dims(), values));
            } catch (IOException e) {
                throw new IllegalArgumentException("--out " + out.get() + ": cannot write (" + e + ")", e);
            }
            stdout.println("wrote " + out.get() + " (float32, little-endian, C order)");
        }
        stdout.flush();
        return 0;
    }

    private ParameterSpec parameter(TensorShape tensorShape) {
        Nonlinearity following = Nonlinearity.of(nonlinearity);
        LayerKind kind = tensorShape.rank() > 2 ? LayerKind.CONV : LayerKind.DENSE;
        switch (role) {
            case "weight" -> {
                return ParameterSpec.weight(path.orElse("0.weight"), tensorShape, kind, following);
            }
            case "bias" -> {
                if (tensorShape.rank() != 1) {
                    throw new IllegalArgumentException("--role bias needs a 1-D --shape, got " + tensorShape);
                }
                if (layerShape.isPresent()) {
                    TensorShape weight = TensorShape.parse(layerShape.get());
                    return ParameterSpec.bias(path.orElse("0.bias"), tensorShape.dim(0), weight,
                            weight.rank() > 2 ? LayerKind.CONV : LayerKind.DENSE, following);
                }
                return new ParameterSpec(path.orElse("0.bias"), ParameterRole.BIAS, tensorShape, kind, following,
                        Optional.empty());
            }
            default -> throw new IllegalArgumentException("--role must be weight or bias, got '" + role + "'");
        }
    }
}

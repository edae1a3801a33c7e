package org.initlab.initializers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.initlab.tensorformats.Safetensors;
import org.initlab.tensorformats.TensorData;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.internal.OptionBinding;
import org.initlab.spi.internal.SpecString;
import org.initlab.spi.TensorShape;

/** Test helpers: look providers up through {@link ServiceLoader} and run initializers on plain shapes. */
final class Catalogue {
    /**
     * A safetensors file that holds one tensor, {@code not.a.parameter}, so that {@code pretrained} on it
     * fills every parameter from {@code missing}; written once per test JVM.
     */
    static final Path UNRELATED_WEIGHTS = unrelatedWeights();

    /** {@code pretrained} on {@link #UNRELATED_WEIGHTS}, i.e. zeros everywhere. */
    static final String PRETRAINED = "pretrained(\"" + UNRELATED_WEIGHTS.toString().replace('\\', '/') + "\")";

    /** Every random initializer, by canonical name, with its default options. */
    static final List<String> RANDOM = List.of("uniform", "normal", "trunc-normal", "xavier-uniform",
            "xavier-normal", "he-uniform", "he-normal", "lecun-uniform", "lecun-normal", "variance-scaling",
            "variance-scaling(distribution=untruncated_normal)", "variance-scaling(distribution=uniform)",
            "scaled-normal(sigma_w=2)", "orthogonal", "delta-orthogonal", "sparse(0.5)", "pytorch-default", "keras-default", "djl-default");

    /** The initializers that need a tensor with at least 2 dimensions (fans, or rows and columns). */
    static final List<String> FAN_BASED = List.of("xavier-uniform", "xavier-normal", "he-uniform", "he-normal",
            "lecun-uniform", "lecun-normal", "variance-scaling", "scaled-normal", "orthogonal", "pytorch-default",
            "keras-default", "djl-default");

    /** The structure-aware initializers: kernels need 2 dimensions or more (fans, or the base's rule). */
    static final List<String> STRUCTURE_AWARE = List.of("fixup", "skipinit", "rezero", "zero-gamma",
            "residual-scaled");

    /** The transformer initializers (structure-aware too): the kit runs them on a ViT. */
    static final List<String> TRANSFORMER = List.of("gpt2", "bert", "t-fixup", "deepnorm", "small-embedding");

    /** The initializers that accept 2-D tensors only. */
    static final List<String> MATRIX_ONLY = List.of("identity", "sparse");

    /** The initializers that accept convolution weights (3 to 5 dimensions) only. */
    static final List<String> CONV_ONLY = List.of("dirac", "delta-orthogonal");

    /** One spec per built-in initializer (constant and sparse need a value, pretrained a file). */
    static final List<String> ALL = List.of("zeros", "ones", "constant(0.5)", "uniform", "normal", "trunc-normal",
            "xavier-uniform", "xavier-normal", "he-uniform", "he-normal", "lecun-uniform", "lecun-normal",
            "variance-scaling", "scaled-normal(sigma_w=1.5)", "orthogonal", "identity", "dirac", "delta-orthogonal", "sparse(0.5)", "zero-init",
            "pytorch-default", "keras-default", "djl-default", PRETRAINED);

    private Catalogue() {
    }

    static List<InitializerProvider> providers() {
        return ServiceLoader.load(InitializerProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    static InitializerProvider provider(String nameOrAlias) {
        return providers().stream()
                .filter(p -> p.name().equals(nameOrAlias) || p.aliases().contains(nameOrAlias))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown initializer '" + nameOrAlias + "'"));
    }

    /**
     * Parses a spec, binds its options against the provider's declarations, creates the initializer; nested
     * initializer options ({@code missing=he-normal}) are resolved the same way, as the core registry does.
     */
    static Initializer create(String spec) {
        return provider(SpecString.parse(spec).name()).create(options(spec));
    }

    /** The bound options of a spec, as the core registry binds them. */
    static InitializerOptions options(String spec) {
        SpecString parsed = SpecString.parse(spec);
        InitializerProvider provider = provider(parsed.name());
        Map<String, String> given = OptionBinding.named(provider.name(),
                provider.options().stream().map(OptionSpec::name).toList(), parsed.arguments());
        return InitializerOptions.of(provider.name(), provider.options(), given, Catalogue::create);
    }

    /** The canonical name of a spec's provider. */
    static String name(String spec) {
        return provider(SpecString.parse(spec).name()).name();
    }

    /** A weight called {@code 0.weight} of the given shape. */
    static ParameterSpec weight(int... dims) {
        LayerKind kind = dims.length > 2 ? LayerKind.CONV : LayerKind.DENSE;
        return ParameterSpec.weight("0.weight", TensorShape.of(dims), kind, Nonlinearity.LINEAR);
    }

    /**
     * A weight of shape {@code convDims} (3 to 5 dimensions) for initializers that accept it, else its 2-D
     * flattening {@code [convDims[0], product of the rest]} for the matrix-only ones.
     */
    static ParameterSpec weightFor(String spec, int... convDims) {
        if (!MATRIX_ONLY.contains(name(spec))) {
            return weight(convDims);
        }
        int cols = 1;
        for (int i = 1; i < convDims.length; i++) {
            cols *= convDims[i];
        }
        return weight(convDims[0], cols);
    }

    /** Whether the initializer of {@code spec} accepts tensors of {@code rank} dimensions. */
    static boolean acceptsRank(String spec, int rank) {
        String name = name(spec);
        if (MATRIX_ONLY.contains(name)) {
            return rank == 2;
        }
        if (CONV_ONLY.contains(name)) {
            return rank >= 3 && rank <= 5;
        }
        if (name.equals("zero-init")) {
            return rank >= 2 && rank <= 5;
        }
        return rank >= 2 || !FAN_BASED.contains(name);
    }

    /** Initializes a fresh array for {@code parameter} from {@code SeededRandom.of(seed).fork(path)}. */
    static float[] sample(Initializer initializer, ParameterSpec parameter, long seed) {
        float[] values = new float[parameter.elementCount()];
        initializer.initialize(parameter, values, SeededRandom.of(seed).fork(parameter.path()));
        return values;
    }

    static float[] sample(String spec, ParameterSpec parameter, long seed) {
        return sample(create(spec), parameter, seed);
    }

    static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static Path unrelatedWeights() {
        try {
            Path dir = Files.createTempDirectory("initlab-catalogue");
            Path file = dir.resolve("unrelated.safetensors");
            Safetensors.write(file, Map.of("not.a.parameter", new TensorData(new int[] {2}, new float[] {1, 2})));
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.initlab.initializers;

import java.util.List;
import java.util.ServiceLoader;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.SpecString;
import org.initlab.spi.TensorShape;

/** Test helpers: look providers up through {@link ServiceLoader} and run initializers on plain shapes. */
final class Catalogue {
    /** Every random initializer, by canonical name, with its default options. */
    static final List<String> RANDOM = List.of("uniform", "normal", "xavier-uniform", "xavier-normal", "he-uniform",
            "he-normal", "lecun-uniform", "lecun-normal");

    /** The initializers that need a tensor with at least 2 dimensions. */
    static final List<String> FAN_BASED = List.of("xavier-uniform", "xavier-normal", "he-uniform", "he-normal",
            "lecun-uniform", "lecun-normal");

    /** One spec per built-in initializer (constant needs its value). */
    static final List<String> ALL = List.of("zeros", "ones", "constant(0.5)", "uniform", "normal", "xavier-uniform",
            "xavier-normal", "he-uniform", "he-normal", "lecun-uniform", "lecun-normal");

    private Catalogue() {
    }

    static List<InitializerProvider> providers() {
        return ServiceLoader.load(InitializerProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    static InitializerProvider provider(String nameOrAlias) {
        return providers().stream()
                .filter(p -> p.name().equals(nameOrAlias) || p.aliases().contains(nameOrAlias))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no provider named " + nameOrAlias));
    }

    /** Parses a spec, binds its options against the provider's declarations, creates the initializer. */
    static Initializer create(String spec) {
        SpecString parsed = SpecString.parse(spec);
        InitializerProvider provider = provider(parsed.name());
        return provider.create(InitializerOptions.bind(provider.name(), provider.options(), parsed.arguments()));
    }

    /** A weight called {@code 0.weight} of the given shape. */
    static ParameterSpec weight(int... dims) {
        LayerKind kind = dims.length > 2 ? LayerKind.CONV : LayerKind.DENSE;
        return ParameterSpec.weight("0.weight", TensorShape.of(dims), kind, Nonlinearity.LINEAR);
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
}

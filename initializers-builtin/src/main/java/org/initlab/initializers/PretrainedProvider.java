package org.initlab.initializers;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code pretrained}: parameters loaded by path from a {@code .safetensors}, {@code .npz} or
 * {@code .npy} file; the rules are on {@link PretrainedInitializer}. Options: {@code path} (required,
 * positional: {@code pretrained(w.safetensors)}), {@code missing=zeros} (a nested initializer spec for the
 * parameters the file does not hold, resolved through the registry) and {@code name} (only for {@code .npy}:
 * the parameter path of its array; empty by default).
 */
public final class PretrainedProvider extends BuiltinProvider {
    /** The canonical name, {@code pretrained}. */
    public static final String NAME = "pretrained";
    /** The default of option {@code missing}. */
    static final String DEFAULT_MISSING = "zeros";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public PretrainedProvider() {
        super(NAME, List.of(),
                "loads parameters by path (0.weight) from .safetensors / .npz / .npy; others from 'missing'",
                List.of(
                        OptionSpec.text("path", Optional.empty(), "the .safetensors, .npz or .npy file"),
                        OptionSpec.initializer("missing", DEFAULT_MISSING,
                                "the initializer of parameters the file does not hold"),
                        OptionSpec.text("name", Optional.of(""),
                                "for an .npy file: the parameter path its array holds, e.g. 0.weight")));
    }

    /**
     * Creates the initializer for bound options; reads no file yet.
     *
     * @param options options bound against {@link #options()}, with a resolver for {@code missing}
     * @return the initializer
     * @throws IllegalArgumentException for a bad path, file suffix or {@code name}, or a bad {@code missing} spec
     */
    @Override
    public Initializer create(InitializerOptions options) {
        String path = options.text("path");
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("option 'path' of " + NAME + " is not a valid path: " + path, e);
        }
        String name = options.text("name");
        return new PretrainedInitializer(file, name.isEmpty() ? Optional.empty() : Optional.of(name),
                options.initializer("missing"));
    }
}

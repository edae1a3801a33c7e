package org.initlab.initializers;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.initlab.tensorformats.NumpyArrays;
import org.initlab.tensorformats.Safetensors;
import org.initlab.tensorformats.TensorData;
import org.initlab.tensorformats.TensorFileFormatException;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Loads each parameter from a tensor file by its path ({@link ParameterSpec#path()}, PyTorch
 * {@code state_dict} style: {@code 0.weight}, {@code 2.bias}); parameters the file does not hold are filled
 * by the {@code missing} initializer (default {@code zeros}). Transfer learning and "start from a trained
 * model" experiments in one spec: {@code pretrained(path=encoder.safetensors, missing=he-normal)}.
 *
 * <p>Formats, chosen by the file name:
 * <ul>
 *   <li>{@code .safetensors}: tensors by name ({@code safetensors.torch.save_file(model.state_dict(), f)});
 *       {@code F32}, {@code F16}, {@code BF16} and {@code F64} are converted to {@code float};</li>
 *   <li>{@code .npz}: arrays by member name ({@code np.savez(f, **{"0.weight": w})}), {@code f2/f4/f8};</li>
 *   <li>{@code .npy}: one array, which needs option {@code name}, the parameter path it holds
 *       ({@code pretrained(path=w.npy, name=0.weight)}); every other parameter is {@code missing}.</li>
 * </ul>
 * A tensor is copied only into a parameter of exactly its shape (PyTorch layout, {@code [out, in]} for a
 * dense weight); any other shape is an error that names the parameter and both shapes, so a transposed or
 * resized checkpoint never loads silently. Tensors of the file that match no parameter are ignored.
 *
 * <p>The file is read once, on first use, and kept (immutable) by this instance: the load is lazy and
 * thread-safe, and a failed load is retried on the next call. Loaded parameters draw no randomness;
 * {@code missing} gets the parameter's generator unchanged. This is a class rather than a record because
 * of that cache; equality is by file, name and {@code missing}.
 */
public final class PretrainedInitializer implements Initializer {
    /** The file formats, by file name suffix. */
    private enum Format {
        SAFETENSORS, NPZ, NPY
    }

    private final Path file;
    private final Optional<String> name;
    private final Initializer missing;
    private final Format format;
    private final Object lock = new Object();
    private volatile Map<String, TensorData> tensors;

    /**
     * Creates the initializer; reads nothing yet.
     *
     * @param file    a {@code .safetensors}, {@code .npz} or {@code .npy} file (relative paths resolve against
     *                the working directory when first used)
     * @param name    for an {@code .npy} file, the parameter path its array holds; empty otherwise
     * @param missing the initializer of parameters the file does not hold
     * @throws IllegalArgumentException for another file suffix, an {@code .npy} file without {@code name}, or a
     *                                  {@code name} for another format
     */
    public PretrainedInitializer(Path file, Optional<String> name, Initializer missing) {
        this.file = Objects.requireNonNull(file, "file");
        this.name = Objects.requireNonNull(name, "name");
        this.missing = Objects.requireNonNull(missing, "missing");
        String fileName = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (fileName.endsWith(".safetensors")) {
            format = Format.SAFETENSORS;
        } else if (fileName.endsWith(".npz")) {
            format = Format.NPZ;
        } else if (fileName.endsWith(".npy")) {
            format = Format.NPY;
        } else {
            throw new IllegalArgumentException(PretrainedProvider.NAME
                    + " reads .safetensors, .npz and .npy files, got '" + file + "'");
        }
        if (format == Format.NPY && name.isEmpty()) {
            throw new IllegalArgumentException(PretrainedProvider.NAME + " needs option 'name' for the .npy file '"
                    + file + "': the parameter path its array holds, e.g. name=0.weight");
        }
        if (format != Format.NPY && name.isPresent()) {
            throw new IllegalArgumentException("option 'name' of " + PretrainedProvider.NAME
                    + " applies to .npy files only; '" + file + "' names its tensors itself");
        }
    }

    /**
     * Creates the initializer for a {@code .safetensors} or {@code .npz} file, zeros for missing parameters.
     *
     * @param file the file
     * @throws IllegalArgumentException as {@link #PretrainedInitializer(Path, Optional, Initializer)}
     */
    public PretrainedInitializer(Path file) {
        this(file, Optional.empty(), new ZerosInitializer());
    }

    /** @return the tensor file */
    public Path file() {
        return file;
    }

    /** @return the parameter path of an {@code .npy} file's array; empty for the other formats */
    public Optional<String> name() {
        return name;
    }

    /** @return the initializer of parameters the file does not hold */
    public Initializer missing() {
        return missing;
    }

    /**
     * Copies the parameter's tensor from the file, or delegates to {@code missing} when the file has none.
     *
     * @param parameter what is being initialized; its path is looked up in the file
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    passed to {@code missing}; not used for loaded tensors
     * @throws IllegalArgumentException when the file cannot be read or is malformed, or its tensor has another
     *                                  shape than the parameter
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        Optional<TensorData> tensor = lookup(parameter);
        if (tensor.isPresent()) {
            tensor.get().copyTo(values);
        } else {
            missing.initialize(parameter, values, random);
        }
    }

    /**
     * @param parameter a parameter
     * @return the standard deviation of the loaded values, or {@code missing}'s expectation when the file does not
     *         hold the parameter
     * @throws IllegalArgumentException as {@link #initialize}
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        Optional<TensorData> tensor = lookup(parameter);
        if (tensor.isEmpty()) {
            return missing.expectedStd(parameter);
        }
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < tensor.get().elementCount(); i++) {
            double v = tensor.get().value(i);
            sum += v;
            squares += v * v;
        }
        return Shapes.populationStd(sum, squares, tensor.get().elementCount());
    }

    private Optional<TensorData> lookup(ParameterSpec parameter) {
        TensorData tensor = tensors().get(parameter.path());
        if (tensor == null) {
            return Optional.empty();
        }
        if (!tensor.hasShape(parameter.shape().dims())) {
            throw new IllegalArgumentException(PretrainedProvider.NAME + ": tensor '" + parameter.path() + "' in "
                    + file + " has shape " + Arrays.toString(tensor.shape()) + ", but parameter " + parameter.path()
                    + " has shape " + parameter.shape());
        }
        return Optional.of(tensor);
    }

    private Map<String, TensorData> tensors() {
        Map<String, TensorData> loaded = tensors;
        if (loaded == null) {
            synchronized (lock) {
                loaded = tensors;
                if (loaded == null) {
                    loaded = load();
                    tensors = loaded;
                }
            }
        }
        return loaded;
    }

    private Map<String, TensorData> load() {
        if (java.nio.file.Files.exists(file) && !java.nio.file.Files.isRegularFile(file)) {
            // a FIFO would block forever and a device may never end
            throw new IllegalArgumentException(PretrainedProvider.NAME + " cannot read " + file
                    + ": not a regular file (a directory, device or pipe)");
        }
        try {
            return switch (format) {
                case SAFETENSORS -> Safetensors.read(file);
                case NPZ -> NumpyArrays.readNpz(file);
                case NPY -> Map.of(name.orElseThrow(), NumpyArrays.readNpy(file));
            };
        } catch (TensorFileFormatException e) {
            throw new IllegalArgumentException(PretrainedProvider.NAME + ": " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(PretrainedProvider.NAME + " cannot read " + file
                    + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(PretrainedProvider.NAME + " cannot read " + file
                    + ": permission denied", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(PretrainedProvider.NAME + " cannot read " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PretrainedInitializer other && file.equals(other.file) && name.equals(other.name)
                && missing.equals(other.missing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, name, missing);
    }

    /** @return the canonical spec, e.g. {@code pretrained(path=w.safetensors, missing=he-normal)} */
    @Override
    public String toString() {
        return SpecText.of(PretrainedProvider.NAME).text("path", file.toString(), "")
                .text("missing", missing.toString(), PretrainedProvider.DEFAULT_MISSING)
                .text("name", name.orElse(""), "").toString();
    }
}

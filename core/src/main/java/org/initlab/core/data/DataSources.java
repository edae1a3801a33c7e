package org.initlab.core.data;

import static org.apiguardian.api.API.Status.STABLE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Loads a dataset from whatever a user points at: a directory of MNIST-style IDX files
 * ({@link MnistDirectory}) or a CSV file ({@link CsvDatasets}).
 */
@API(status = STABLE, since = "0.1")
public final class DataSources {
    private DataSources() {
    }

    /**
     * Loads one split of a data source.
     *
     * <ul>
     *   <li>a directory: the IDX files of the split, see {@link MnistDirectory#load(Path, Split)};</li>
     *   <li>a file whose name ends in {@code .csv} or {@code .csv.gz} (any case): the whole file, see
     *       {@link CsvDatasets#read(Path)}; a CSV file holds a single split, so {@code split} is not used.</li>
     * </ul>
     *
     * @param path  the directory or file
     * @param split the split to load from a directory
     * @return the dataset
     * @throws InvalidDataException if the path does not exist, is neither a directory nor a CSV file, or holds
     *                              invalid data
     */
    public static Dataset load(Path path, Split split) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(split, "split");
        if (Files.isDirectory(path)) {
            return MnistDirectory.load(path, split);
        }
        if (!Files.exists(path)) {
            throw new InvalidDataException(path.toString(), "no such file or directory");
        }
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(path) && (name.endsWith(".csv") || name.endsWith(".csv.gz"))) {
            return CsvDatasets.read(path);
        }
        throw new InvalidDataException(path.toString(), "not a data source; expected a directory of MNIST IDX"
                + " files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz],"
                + " t10k-labels-idx1-ubyte[.gz]) or a .csv / .csv.gz file");
    }
}

package org.initlab.core.data;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Loads a split from a directory laid out like the MNIST distribution, as downloaded for MNIST itself,
 * Fashion-MNIST or KMNIST:
 *
 * <pre>
 * train-images-idx3-ubyte[.gz]   train-labels-idx1-ubyte[.gz]
 * t10k-images-idx3-ubyte[.gz]    t10k-labels-idx1-ubyte[.gz]
 * </pre>
 *
 * <p>The variant with a dot before {@code idx} ({@code train-images.idx3-ubyte}), used by some mirrors, is
 * accepted too. When several candidates exist the first in {@link #candidateNames} order wins. Whether a
 * file is gzip-compressed is decided by its content (see {@link IdxFiles}), so a mislabelled {@code .gz} is
 * still read correctly.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class MnistDirectory {
    private MnistDirectory() {
    }

    /**
     * The image and label files of one split.
     *
     * @param images the IDX image file
     * @param labels the IDX label file
     */
    public record SplitFiles(Path images, Path labels) {
        /**
         * Rejects missing paths.
         *
         * @param images the IDX image file
         * @param labels the IDX label file
         */
        public SplitFiles {
            Objects.requireNonNull(images, "images");
            Objects.requireNonNull(labels, "labels");
        }
    }

    /**
     * Loads one split of the directory as a dataset named {@code <directory name>/<split>} (e.g.
     * {@code fashion-mnist/train}) with 10 classes and feature shape {@code [1, rows, columns]}.
     *
     * @param directory the directory holding the files
     * @param split     which split to load
     * @return the dataset, pixels scaled to {@code [0, 1]}
     * @throws InvalidDataException if the directory or a file is missing, or a file is invalid
     */
    public static Dataset load(Path directory, Split split) {
        SplitFiles files = locate(directory, split);
        Path dirName = directory.toAbsolutePath().normalize().getFileName();
        String base = dirName == null ? directory.toString() : dirName.toString();
        return IdxFiles.load(files.images(), files.labels(), base + "/" + split.label());
    }

    /**
     * Finds the image and label files of one split without reading them.
     *
     * @param directory the directory holding the files
     * @param split     which split
     * @return the files, as paths resolved against {@code directory}
     * @throws InvalidDataException if the directory does not exist or a file is missing; the message names the
     *                              directory and the accepted file names
     */
    public static SplitFiles locate(Path directory, Split split) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(split, "split");
        if (!Files.isDirectory(directory)) {
            throw new InvalidDataException(directory.toString(), Files.exists(directory)
                    ? "not a directory" : "directory not found");
        }
        return new SplitFiles(find(directory, split, "images"), find(directory, split, "labels"));
    }

    /**
     * The file names accepted for one file of a split, in order of preference.
     *
     * @param split which split
     * @param kind  {@code images} or {@code labels}
     * @return e.g. {@code [train-images-idx3-ubyte, train-images-idx3-ubyte.gz, train-images.idx3-ubyte,
     *         train-images.idx3-ubyte.gz]}
     * @throws IllegalArgumentException if the kind is neither {@code images} nor {@code labels}
     */
    public static List<String> candidateNames(Split split, String kind) {
        String idx = switch (kind) {
            case "images" -> "idx3";
            case "labels" -> "idx1";
            default -> throw new IllegalArgumentException("kind must be 'images' or 'labels', got '" + kind + "'");
        };
        String stem = split.filePrefix() + "-" + kind;
        List<String> names = new ArrayList<>(4);
        for (String separator : List.of("-", ".")) {
            String name = stem + separator + idx + "-ubyte";
            names.add(name);
            names.add(name + ".gz");
        }
        return List.copyOf(names);
    }

    private static Path find(Path directory, Split split, String kind) {
        List<String> names = candidateNames(split, kind);
        for (String name : names) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new InvalidDataException(directory.toString(), "no " + split.label() + " " + kind
                + " file; expected one of " + String.join(", ", names));
    }
}

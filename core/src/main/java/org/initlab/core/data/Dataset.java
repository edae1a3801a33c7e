package org.initlab.core.data;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An immutable labelled dataset for classification: {@link #size()} samples, each a vector of
 * {@link #featureCount()} floats with a logical {@link #featureShape()} and one integer label in
 * {@code 0..classCount()-1}.
 *
 * <p>Features are kept row-major in one {@code float[]} (sample {@code i} occupies
 * {@code [i * featureCount, (i + 1) * featureCount)}) and labels in one {@code int[]}, so nothing is boxed and
 * copying a mini-batch is a series of {@link System#arraycopy} calls. Pixel data read by this package is
 * scaled to {@code [0, 1]} as {@code byte / 255f}. Instances are safe to share between threads.
 */
@API(status = STABLE, since = "0.1")
public final class Dataset {
    private final String name;
    private final float[] features;
    private final int[] labels;
    private final List<Integer> featureShape;
    private final int featureCount;
    private final int classCount;

    /** Takes ownership of already validated arrays; callers in this package must not keep or change them. */
    Dataset(String name, float[] features, int[] labels, List<Integer> featureShape, int classCount) {
        this.name = name;
        this.features = features;
        this.labels = labels;
        this.featureShape = featureShape;
        this.featureCount = checkedProduct(name, featureShape);
        this.classCount = classCount;
    }

    /**
     * Creates a dataset from copies of the given arrays, validating them.
     *
     * @param name         a non-blank name used in messages and reports, e.g. {@code mnist/train}
     * @param features     the features, row-major: {@code labels.length * featureCount} values, all finite;
     *                     copied
     * @param labels       one label per sample, each in {@code 0..classCount-1}; copied
     * @param featureShape the logical shape of one sample, every dimension {@code >= 1}; its product is the
     *                     feature count (e.g. {@code [1, 28, 28]} for an MNIST image, {@code [n]} for a vector)
     * @param classCount   the number of classes, {@code >= 1}
     * @return the dataset
     * @throws IllegalArgumentException if the lengths are inconsistent, a label is out of range or a feature is
     *                                  not finite
     */
    public static Dataset of(String name, float[] features, int[] labels, List<Integer> featureShape,
            int classCount) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(featureShape, "featureShape");
        if (name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank");
        }
        List<Integer> shape = List.copyOf(featureShape);
        int featureCount = checkedProduct(name, shape);
        if (classCount < 1) {
            throw new IllegalArgumentException("dataset '" + name + "': class count must be >= 1, got " + classCount);
        }
        if ((long) labels.length * featureCount != features.length) {
            throw new IllegalArgumentException("dataset '" + name + "': " + labels.length + " labels x "
                    + featureCount + " features per sample " + shape + " needs " + (long) labels.length * featureCount
                    + " feature values, got " + features.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException("dataset '" + name + "': label " + labels[i] + " at index " + i
                        + " is outside 0.." + (classCount - 1));
            }
        }
        for (int k = 0; k < features.length; k++) {
            if (!Float.isFinite(features[k])) {
                throw new IllegalArgumentException("dataset '" + name + "': feature " + (k % featureCount)
                        + " of sample " + (k / featureCount) + " is " + features[k] + ", expected a finite value");
            }
        }
        return new Dataset(name, features.clone(), labels.clone(), shape, classCount);
    }

    private static int checkedProduct(String name, List<Integer> shape) {
        if (shape.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + name + "': feature shape must have at least one dimension");
        }
        long product = 1;
        for (Integer d : shape) {
            if (d == null || d < 1) {
                throw new IllegalArgumentException("dataset '" + name + "': feature shape " + shape
                        + " must have dimensions >= 1");
            }
            product *= d;
            if (product > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("dataset '" + name + "': feature shape " + shape + " is too large");
            }
        }
        return (int) product;
    }

    /** @return the name given at creation, e.g. {@code bundled-mnist/train} */
    public String name() {
        return name;
    }

    /** @return the number of samples */
    public int size() {
        return labels.length;
    }

    /** @return the number of floats per sample, the product of {@link #featureShape()} */
    public int featureCount() {
        return featureCount;
    }

    /** @return the logical shape of one sample, e.g. {@code [1, 28, 28]} for MNIST images; unmodifiable */
    public List<Integer> featureShape() {
        return featureShape;
    }

    /** @return the number of classes; every label is in {@code 0..classCount()-1} */
    public int classCount() {
        return classCount;
    }

    /**
     * @param index sample index, {@code 0 <= index < size()}
     * @return the label of that sample
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    public int label(int index) {
        Objects.checkIndex(index, labels.length);
        return labels[index];
    }

    /**
     * Copies the {@link #featureCount()} features of one sample into {@code destination} starting at
     * {@code offset}.
     *
     * @param index       sample index, {@code 0 <= index < size()}
     * @param destination the array to write into
     * @param offset      where the first feature goes; {@code offset + featureCount() <= destination.length}
     * @throws IndexOutOfBoundsException if the index or the destination range is out of bounds
     */
    public void copyFeatures(int index, float[] destination, int offset) {
        Objects.checkIndex(index, labels.length);
        Objects.checkFromIndexSize(offset, featureCount, destination.length);
        System.arraycopy(features, index * featureCount, destination, offset, featureCount);
    }

    /**
     * @param index sample index, {@code 0 <= index < size()}
     * @param j     feature index within the sample (row-major over {@link #featureShape()}),
     *              {@code 0 <= j < featureCount()}
     * @return that feature value
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public float feature(int index, int j) {
        Objects.checkIndex(index, labels.length);
        Objects.checkIndex(j, featureCount);
        return features[index * featureCount + j];
    }

    /**
     * Creates a dataset of the selected samples, in the given order. Indices may repeat (as in a bootstrap
     * sample).
     *
     * @param indices the samples to take, each in {@code 0..size()-1}; not retained
     * @param name    the non-blank name of the new dataset
     * @return the new dataset, with the same feature shape and class count
     * @throws IndexOutOfBoundsException if an index is out of range
     * @throws IllegalArgumentException  if the name is blank
     */
    public Dataset subset(int[] indices, String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank");
        }
        float[] f = new float[Math.multiplyExact(indices.length, featureCount)];
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= labels.length) {
                throw new IndexOutOfBoundsException("subset index " + i + " at position " + k + " is outside 0.."
                        + (labels.length - 1) + " of dataset '" + this.name + "'");
            }
            System.arraycopy(features, i * featureCount, f, k * featureCount, featureCount);
            l[k] = labels[i];
        }
        return new Dataset(name, f, l, featureShape, classCount);
    }

    /**
     * Creates a dataset of the first {@code n} samples, named {@code <name>[:n]}.
     *
     * @param n how many samples, {@code 0 <= n <= size()}
     * @return the first {@code n} samples, or this dataset if {@code n == size()}
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public Dataset head(int n) {
        if (n < 0 || n > labels.length) {
            throw new IllegalArgumentException("head(" + n + ") of dataset '" + name + "' needs 0 <= n <= "
                    + labels.length);
        }
        if (n == labels.length) {
            return this;
        }
        float[] f = Arrays.copyOf(features, n * featureCount);
        int[] l = Arrays.copyOf(labels, n);
        return new Dataset(name + "[:" + n + "]", f, l, featureShape, classCount);
    }

    /** @return a new array of {@link #classCount()} counts: element {@code c} is the number of samples of class c */
    public int[] labelCounts() {
        int[] counts = new int[classCount];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * The most frequent class, the prediction of the majority-class baseline. Ties go to the smallest class.
     *
     * @return the class with the most samples
     * @throws IllegalStateException if the dataset is empty
     */
    public int majorityClass() {
        if (labels.length == 0) {
            throw new IllegalStateException("dataset '" + name + "' is empty, it has no majority class");
        }
        int[] counts = labelCounts();
        int best = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return best;
    }

    /** @return a summary such as {@code Dataset[bundled-mnist/train: 8004 x [1, 28, 28], 10 classes]} */
    @Override
    public String toString() {
        return "Dataset[" + name + ": " + labels.length + " x " + featureShape + ", " + classCount + " classes]";
    }
}

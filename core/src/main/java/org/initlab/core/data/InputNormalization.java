package org.initlab.core.data;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import org.apiguardian.api.API;

import java.util.Locale;
import java.util.Objects;

/**
 * A per-feature affine transform of a dataset's inputs, {@code x' = (x - mean) / std}, the same for every
 * feature: what torchvision's {@code transforms.Normalize((mean,), (std,))} does to a one-channel image after
 * {@code ToTensor()} has scaled its pixels to {@code [0, 1]}. {@code Normalize((0.5,), (0.5,))}, common in
 * PyTorch versions of the classic MNIST experiment, maps the pixels to {@code [-1, 1]}; on the bundled digits
 * it raises the input second moment {@code E[x^2]} from 0.112 to 0.925, so the first layer's pre-activations
 * start with about 8 times the variance (see {@code docs/guide/implement-and-compare.md}).
 *
 * <p>The transform is applied once to the whole dataset, before training, by {@link #apply(Dataset)}; the
 * labels are untouched. {@link #NONE} (mean 0, std 1) is the identity and leaves a dataset as it is.
 *
 * @param mean subtracted from every feature, finite
 * @param std  every centred feature is divided by it, finite and {@code > 0}
 */
@API(status = EXPERIMENTAL)
public record InputNormalization(double mean, double std) {
    /** The identity: mean 0, std 1, initlab's default (pixels stay in {@code [0, 1]}). */
    public static final InputNormalization NONE = new InputNormalization(0, 1);

    /**
     * @throws IllegalArgumentException if the mean is not finite or the std is not a finite number {@code > 0}
     */
    public InputNormalization {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("normalization mean must be a finite number, got " + mean);
        }
        if (!(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("normalization std must be a finite number > 0, got " + std);
        }
    }

    /**
     * Parses {@code MEAN,STD}, e.g. {@code 0.5,0.5} (PyTorch's {@code Normalize((0.5,), (0.5,))}) or
     * {@code 0.1307,0.3081} (the full MNIST training set's mean and std).
     *
     * @param text two numbers separated by a comma
     * @return the normalization
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static InputNormalization parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.split(",", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("normalization '" + text + "' must be MEAN,STD, two numbers "
                    + "separated by a comma, e.g. 0.5,0.5");
        }
        double mean = number(text, "mean", parts[0]);
        double std = number(text, "std", parts[1]);
        try {
            return new InputNormalization(mean, std);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("normalization '" + text + "': " + e.getMessage(), e);
        }
    }

    private static double number(String text, String what, String part) {
        try {
            return Double.parseDouble(part.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("normalization '" + text + "': " + what + " '" + part.strip()
                    + "' is not a number (expected MEAN,STD, e.g. 0.5,0.5)", e);
        }
    }

    /** @return whether this is the identity ({@link #NONE}) */
    public boolean isIdentity() {
        return mean == 0 && std == 1;
    }

    /** @return {@code MEAN,STD} as {@link #parse(String)} reads it, shortest form: {@code 0.5,0.5} */
    public String spec() {
        return text(mean) + "," + text(std);
    }

    private static String text(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) x);
        }
        return Double.toString(x);
    }

    /**
     * Normalizes every feature of a dataset.
     *
     * @param data the dataset
     * @return {@code data} itself for {@link #NONE}; otherwise a new dataset named
     *         {@code <name> normalized(MEAN,STD)} with every feature {@code (x - mean) / std} (computed in
     *         double, stored as float) and the same labels, shape and class count
     */
    public Dataset apply(Dataset data) {
        Objects.requireNonNull(data, "data");
        if (isIdentity()) {
            return data;
        }
        int n = data.size();
        int width = data.featureCount();
        float[] features = new float[Math.multiplyExact(n, width)];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            data.copyFeatures(i, features, i * width);
            labels[i] = data.label(i);
        }
        for (int k = 0; k < features.length; k++) {
            features[k] = (float) ((features[k] - mean) / std);
        }
        return new Dataset(data.name() + " normalized(" + spec() + ")", features, labels, data.featureShape(),
                data.classCount());
    }
}

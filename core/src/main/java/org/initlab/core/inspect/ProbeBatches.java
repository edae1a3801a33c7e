package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.core.data.Dataset;
import org.initlab.spi.SeededRandom;

/**
 * The batches that diagnostics and data-dependent initializers look at: a seeded random sample of a dataset
 * or Gaussian noise. Both depend only on their arguments, so a seed names the same batch everywhere.
 */
@API(status = INTERNAL, since = "0.1")
public final class ProbeBatches {
    /** The probe size the trainer uses: {@code min(DEFAULT_SIZE, training samples)}. */
    public static final int DEFAULT_SIZE = 256;

    private ProbeBatches() {
    }

    /**
     * Draws {@code n} distinct samples in a seeded random order (the first {@code n} of a Fisher-Yates
     * shuffle of all indices).
     *
     * @param data   the dataset
     * @param n      how many, {@code 1 <= n <= data.size()}
     * @param random the generator, e.g. {@code SeededRandom.of(seed).fork("probe")}
     * @return the sample, named {@code <data>[probe n]}
     * @throws IllegalArgumentException when {@code n} is out of range
     */
    public static Dataset sample(Dataset data, int n, SeededRandom random) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(random, "random");
        if (n < 1 || n > data.size()) {
            throw new IllegalArgumentException("a probe batch of " + n + " samples needs 1 <= n <= "
                    + data.size() + " (the size of '" + data.name() + "')");
        }
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        random.shuffle(order);
        return data.subset(java.util.Arrays.copyOf(order, n), data.name() + "[probe " + n + "]");
    }

    /**
     * Gaussian inputs {@code N(0, 1)} with uniformly random labels.
     *
     * @param width   features per sample, {@code >= 1}
     * @param classes the number of classes, {@code >= 1}
     * @param n       samples, {@code >= 1}
     * @param random  the generator
     * @return the batch, named {@code gaussian}
     * @throws IllegalArgumentException for a non-positive size
     */
    public static Dataset gaussian(int width, int classes, int n, SeededRandom random) {
        Objects.requireNonNull(random, "random");
        if (width < 1 || classes < 1 || n < 1) {
            throw new IllegalArgumentException("a Gaussian batch needs width, classes and size >= 1, got " + width
                    + ", " + classes + ", " + n);
        }
        float[] x = new float[Math.multiplyExact(n, width)];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextGaussian();
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(classes);
        }
        return Dataset.of("gaussian", x, y, List.of(width), classes);
    }
}

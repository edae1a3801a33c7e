package org.initlab.backends.nativebackend;

/**
 * Inverted dropout ({@link org.initlab.core.model.DropoutLayer}): in a training pass each value is kept with
 * probability {@code 1 - p} and scaled by {@code 1 / (1 - p)}, else zeroed; the multipliers are kept for the
 * backward pass. Evaluation passes (and {@code p = 0}) copy.
 *
 * <p>The masks are counter-based: the value at row {@code r}, column {@code j} of a boundary in training pass
 * {@code t} is kept when the top 24 bits of {@code mix(passSeed(t) + (r * rowLength + j) * golden)} (a
 * SplitMix64 finalizer, {@code passSeed} mixing the session seed, the layer index and {@code t}), read as a
 * fraction in {@code [0, 1)}, are at least {@code p}. So a mask depends on the seed, the layer and the pass,
 * never on the thread that draws it.
 */
final class NativeDropout implements NativeLayer {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final Boundary in;
    private final Boundary out;
    private final float probability;
    private final float scale;
    private final long layerSeed;
    private final float[][] masks;
    private long passes;
    private long passSeed;

    NativeDropout(double probability, int index, Boundary in, Boundary out, long seed, int maxBatch) {
        this.in = in;
        this.out = out;
        this.probability = (float) probability;
        this.scale = (float) (1 / (1 - probability));
        this.layerSeed = mix(seed ^ mix(index + 1L));
        this.masks = probability == 0 ? null : new Boundary(in.shape, maxBatch).values;
    }

    /** SplitMix64's output function (Steele, Lea and Flood 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void beforeForward(int batch, Mode mode) {
        if (mode == Mode.TRAINING) {
            passes++;
            passSeed = mix(layerSeed + passes * GOLDEN);
        }
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int rows = in.rows(batch);
        int length = in.rowLength(batch);
        int r0 = Kernels.share(rows, worker, workers);
        int r1 = Kernels.share(rows, worker + 1, workers);
        if (!training || masks == null) {
            for (int r = r0; r < r1; r++) {
                System.arraycopy(in.values[r], 0, out.values[r], 0, length);
            }
            return;
        }
        for (int r = r0; r < r1; r++) {
            float[] mask = masks[r];
            long base = passSeed + (long) r * length * GOLDEN;
            for (int j = 0; j < length; j++) {
                float u = (mix(base + j * GOLDEN) >>> 40) * 0x1.0p-24f;
                mask[j] = u >= probability ? scale : 0f;
            }
            float[] x = in.values[r];
            float[] y = out.values[r];
            for (int j = 0; j < length; j++) {
                y[j] = x[j] * mask[j];
            }
        }
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        if (in.gradients == null) {
            return;
        }
        int rows = in.rows(batch);
        int length = in.rowLength(batch);
        for (int r = Kernels.share(rows, worker, workers); r < Kernels.share(rows, worker + 1, workers); r++) {
            float[] dy = out.gradients[r];
            float[] dx = in.gradients[r];
            if (masks == null) {
                System.arraycopy(dy, 0, dx, 0, length);
                continue;
            }
            float[] mask = masks[r];
            for (int j = 0; j < length; j++) {
                dx[j] = dy[j] * mask[j];
            }
        }
    }
}

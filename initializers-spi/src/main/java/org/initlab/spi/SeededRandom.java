package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.nio.charset.StandardCharsets;
import org.apiguardian.api.API;

/**
 * initlab's explicit, portable random generator: SplitMix64 (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014) with Gaussians from Marsaglia's polar method computed with
 * {@link StrictMath}, so the same seed gives bit-identical streams on every JVM, platform and backend.
 *
 * <p>{@link #fork(String)} derives an independent generator from this generator's <em>seed</em> and a label,
 * not from its current state: {@code SeededRandom.of(seed).fork("0.weight")} is the same stream whatever
 * was drawn before, which is how a run seed is split per parameter path. Instances are not thread-safe;
 * give each thread its own fork.
 */
@API(status = STABLE, since = "0.1")
public final class SeededRandom {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final long seed;
    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    private SeededRandom(long seed) {
        this.seed = seed;
        this.state = seed;
    }

    /**
     * @param seed any 64-bit seed
     * @return a generator whose stream depends only on {@code seed}
     */
    public static SeededRandom of(long seed) {
        return new SeededRandom(seed);
    }

    /** @return the seed this generator was created with */
    public long seed() {
        return seed;
    }

    /**
     * Derives an independent generator from this generator's seed and a label (a parameter path, a purpose
     * such as {@code "shuffle"}). Independent of how much was drawn from this generator.
     *
     * @param label any text
     * @return the derived generator
     */
    public SeededRandom fork(String label) {
        return new SeededRandom(mix64(seed ^ mix64(fnv1a64(label) + GOLDEN_GAMMA)));
    }

    /** @return the next 64 uniformly distributed bits */
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** @return a uniform double in {@code [0, 1)} with 53 random bits */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * @param low  inclusive lower bound
     * @param high exclusive upper bound
     * @return a uniform double in {@code [low, high)}
     */
    public double nextUniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /**
     * @param bound exclusive upper bound, {@code > 0}
     * @return a uniform int in {@code [0, bound)} without modulo bias
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        long threshold = (1L << 32) % bound;
        while (true) {
            long bits = nextLong() >>> 32;
            long product = bits * bound;
            if ((product & 0xffffffffL) >= threshold) {
                return (int) (product >>> 32);
            }
        }
    }

    /** @return a standard normal deviate N(0, 1) */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * factor;
        hasSpare = true;
        return u * factor;
    }

    /**
     * Fisher-Yates shuffle of an index array in place.
     *
     * @param indices the array to permute
     */
    public void shuffle(int[] indices) {
        for (int i = indices.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = indices[i];
            indices[i] = indices[j];
            indices[j] = t;
        }
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}

package org.initlab.backends.nativebackend;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Single-thread GFLOP/s of the direct convolution's kernels alone ({@link VectorShiftedKernels#product} for the
 * forward pass, {@link VectorShiftedDots#dot} for the weight gradient) on one layer's padded rows, cached as they
 * are in a training step: six 1-second rounds, each printed. From the repository root, after
 * {@code ./mvnw -o -q -B -pl backend-native -am verify -DskipTests}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp backend-native/target/classes:backend-native/target/test-classes \
 *   org.initlab.backends.nativebackend.ShiftedKernelThroughput 16 16 28 32
 * </pre>
 *
 * Arguments: input channels, output channels, map side, samples (ResNet-20's stages: {@code 16 16 28},
 * {@code 32 32 14}, {@code 64 64 7}). Compare with the core's FP32 peak (228 GFLOP/s on the development machine).
 */
public final class ShiftedKernelThroughput {
    private ShiftedKernelThroughput() {
    }

    /**
     * @param args input channels, output channels, side, samples
     */
    public static void main(String[] args) {
        int inputs = Integer.parseInt(args[0]);
        int outputs = Integer.parseInt(args[1]);
        int side = Integer.parseInt(args[2]);
        int samples = Integer.parseInt(args[3]);
        FlatPlanes planes = FlatPlanes.of(side, side, VectorShiftedKernels.lanes());
        SplittableRandom random = new SplittableRandom(1);
        float[][] padded = rows(inputs, planes.length(samples), random);
        float[][] gradients = rows(outputs, planes.length(samples), random);
        float[][] weights = rows(outputs, inputs * 9, random);
        float[][] sources = new float[inputs * 9][];
        int[] offsets = new int[inputs * 9];
        int[] dotOffsets = new int[inputs * 9];
        for (int k = 0; k < inputs * 9; k++) {
            sources[k] = padded[k / 9];
            int shift = planes.shift(k % 9 / 3, k % 3);
            offsets[k] = planes.rowStart(0, 0) + shift;
            dotOffsets[k] = planes.base() + shift;
        }
        int length = samples * planes.sampleStride() - planes.rowStride();
        float[][] out = new float[outputs][VectorShiftedKernels.roundUp(length)];
        float[][] weightGradient = new float[outputs][inputs * 9];
        double flops = 2.0 * outputs * inputs * 9 * samples * planes.sampleStride();
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime();
            int n = 0;
            while (System.nanoTime() - t0 < 1_000_000_000L) {
                VectorShiftedKernels.product(out, outputs, null, weights, sources, offsets, inputs * 9, length);
                n++;
            }
            double product = flops * n / (System.nanoTime() - t0);
            t0 = System.nanoTime();
            n = 0;
            while (System.nanoTime() - t0 < 1_000_000_000L) {
                VectorShiftedDots.dot(weightGradient, gradients, planes.base(), 0, outputs, sources, dotOffsets,
                        inputs * 9, samples * planes.sampleStride());
                n++;
            }
            double dot = flops * n / (System.nanoTime() - t0);
            System.out.printf(Locale.ROOT, "product %.1f GFLOP/s, weight-gradient dot products %.1f GFLOP/s%n",
                    product, dot);
        }
    }

    private static float[][] rows(int count, int length, SplittableRandom random) {
        float[][] rows = new float[count][length];
        for (float[] row : rows) {
            for (int i = 0; i < length; i++) {
                row[i] = (float) random.nextDouble(-1, 1);
            }
        }
        return rows;
    }
}

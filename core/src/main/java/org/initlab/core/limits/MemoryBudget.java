package org.initlab.core.limits;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import org.apiguardian.api.API;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.Network;

/**
 * The heap an allocation may use, checked before allocating: a size that does not fit is an
 * {@link IllegalArgumentException} naming the option and the memory it would need, not an
 * {@code OutOfMemoryError} after minutes of work. Estimates are deliberately generous (a refused input
 * would at best have run at the edge of the heap).
 *
 * @param availableBytes bytes of heap the check allows, {@code >= 0}
 */
@API(status = INTERNAL, since = "0.1")
public record MemoryBudget(long availableBytes) {
    /**
     * Float copies of the parameters held while training: weights, the initial copy, gradients, two optimizer
     * states and a spare.
     */
    static final int TRAINING_COPIES = 6;
    /** Activation buffers per layer output while training (forward values, gradients, a workspace). */
    static final int ACTIVATION_COPIES = 3;

    /** Validates the size. */
    public MemoryBudget {
        if (availableBytes < 0) {
            throw new IllegalArgumentException("availableBytes must be >= 0, got " + availableBytes);
        }
    }

    /**
     * @return the heap this JVM can still grow into: its maximum ({@code -Xmx}) less what is in use now
     */
    public static MemoryBudget ofRuntime() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        return new MemoryBudget(Math.max(0, runtime.maxMemory() - used));
    }

    /**
     * Refuses an allocation that does not fit.
     *
     * @param input the option or input that asks for it, e.g. {@code --seeds 1000000000}
     * @param what  what would be allocated, e.g. {@code "the trial list"}
     * @param bytes the estimated size in bytes ({@link Long#MAX_VALUE} when it overflows)
     * @throws IllegalArgumentException naming the input, what and both sizes when {@code bytes} is larger than
     *                                  the budget
     */
    public void require(String input, String what, long bytes) {
        if (bytes > availableBytes) {
            throw new IllegalArgumentException(input + ": " + what + " would need about " + format(bytes)
                    + " of memory but the JVM has " + format(availableBytes) + " left (its heap limit is -Xmx; "
                    + "set e.g. INITLAB_JAVA_OPTS=-Xmx16g, or ask for less)");
        }
    }

    /**
     * Checks that one Java array of {@code count} elements can exist at all.
     *
     * @param input the option that asks for it
     * @param what  what the array holds
     * @param count the number of elements
     * @throws IllegalArgumentException when {@code count} exceeds the largest Java array
     */
    public static void requireArray(String input, String what, long count) {
        if (count > Integer.MAX_VALUE - 8L) {
            throw new IllegalArgumentException(input + ": " + what + " would be " + (count == Long.MAX_VALUE
                    ? "more than 2^63" : Long.toString(count)) + " values, more than one Java array holds ("
                    + (Integer.MAX_VALUE - 8) + ")");
        }
    }

    /**
     * Refuses a network that cannot be trained in this budget: parameters times {@value #TRAINING_COPIES}
     * float copies plus every layer's output for a batch times {@value #ACTIVATION_COPIES}.
     *
     * @param input   the option that names the model (or the batch size), for the message
     * @param network the network
     * @param batch   the mini-batch size
     * @throws IllegalArgumentException when it does not fit or a layer's batch does not fit one array
     */
    public void requireTraining(String input, Network network, int batch) {
        long activations = 0;
        for (FeatureShape shape : network.shapes()) {
            long values = multiply(batch, shape.size());
            requireArray(input, "a batch of one layer's outputs (" + batch + " x " + shape.size() + ")", values);
            activations = add(activations, values);
        }
        long bytes = add(multiply(network.parameterCount(), 4L * TRAINING_COPIES),
                multiply(activations, 4L * ACTIVATION_COPIES));
        require(input, "training " + network.spec() + " (" + network.parameterCount() + " parameters, batch "
                + batch + ")", bytes);
    }

    /**
     * @param a a non-negative factor
     * @param b a non-negative factor
     * @return {@code a * b}, or {@link Long#MAX_VALUE} when it overflows
     */
    public static long multiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    /**
     * @param a a non-negative term
     * @param b a non-negative term
     * @return {@code a + b}, or {@link Long#MAX_VALUE} when it overflows
     */
    public static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * @param bytes a size
     * @return it in binary units, e.g. {@code 3.1 GiB}
     */
    public static String format(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 8 EiB";
        }
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}

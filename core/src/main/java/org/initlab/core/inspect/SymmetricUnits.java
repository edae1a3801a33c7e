package org.initlab.core.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the units of a dense layer, or the filters of a convolution (a weight row of {@code in/groups * k * k}
 * values), that are exact copies of another unit: same incoming weights, same bias, same weight and bias
 * gradients. Gradient descent can never make such units differ, so they are wasted capacity (zero or constant
 * initialization makes every unit of a layer a copy).
 */
final class SymmetricUnits {
    private SymmetricUnits() {
    }

    static int count(float[] weight, float[] bias, double[] weightGradient, double[] biasGradient, int units,
                     int inputs) {
        Map<Integer, List<Integer>> buckets = new HashMap<>();
        for (int o = 0; o < units; o++) {
            int h = Arrays.hashCode(Arrays.copyOfRange(weight, o * inputs, (o + 1) * inputs));
            h = 31 * h + Arrays.hashCode(Arrays.copyOfRange(weightGradient, o * inputs, (o + 1) * inputs));
            h = 31 * h + Float.hashCode(bias[o]);
            h = 31 * h + Double.hashCode(biasGradient[o]);
            buckets.computeIfAbsent(h, k -> new ArrayList<>()).add(o);
        }
        boolean[] copy = new boolean[units];
        for (List<Integer> bucket : buckets.values()) {
            for (int i = 0; i < bucket.size(); i++) {
                for (int j = i + 1; j < bucket.size(); j++) {
                    int a = bucket.get(i);
                    int b = bucket.get(j);
                    if ((!copy[a] || !copy[b]) && same(weight, bias, weightGradient, biasGradient, inputs, a, b)) {
                        copy[a] = true;
                        copy[b] = true;
                    }
                }
            }
        }
        int n = 0;
        for (boolean c : copy) {
            n += c ? 1 : 0;
        }
        return n;
    }

    private static boolean same(float[] w, float[] b, double[] dw, double[] db, int inputs, int u, int v) {
        if (Float.compare(b[u], b[v]) != 0 || Double.compare(db[u], db[v]) != 0) {
            return false;
        }
        return Arrays.equals(w, u * inputs, (u + 1) * inputs, w, v * inputs, (v + 1) * inputs)
                && Arrays.equals(dw, u * inputs, (u + 1) * inputs, dw, v * inputs, (v + 1) * inputs);
    }
}

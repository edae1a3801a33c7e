package org.initlab.runner.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.initlab.core.data.Dataset;

/**
 * The training and test data as one broadcast value: Java-serializable arrays, turned back into
 * {@link Dataset}s once per executor JVM ({@link #datasets(long, WireData)} caches them by broadcast id).
 *
 * @param train the training data
 * @param test  the test data
 */
record WireData(Part train, Part test) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Datasets already rebuilt in this JVM, by broadcast id. */
    private static final Map<Long, Dataset[]> REBUILT = new ConcurrentHashMap<>();

    /** One data set's fields. */
    record Part(String name, float[] features, int[] labels, ArrayList<Integer> shape, int classes)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        static Part of(Dataset d) {
            int n = d.size();
            int f = d.featureCount();
            float[] features = new float[n * f];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                d.copyFeatures(i, features, i * f);
                labels[i] = d.label(i);
            }
            return new Part(d.name(), features, labels, new ArrayList<>(d.featureShape()), d.classCount());
        }

        Dataset dataset() {
            return Dataset.of(name, features, labels, shape, classes);
        }
    }

    static WireData of(Dataset train, Dataset test) {
        return new WireData(Part.of(train), Part.of(test));
    }

    /** @return {train, test}, rebuilt once per JVM for each broadcast */
    static Dataset[] datasets(long broadcastId, WireData data) {
        return REBUILT.computeIfAbsent(broadcastId, id -> new Dataset[] {data.train().dataset(),
                data.test().dataset()});
    }

    /** Forgets a broadcast's datasets (when the driver runs in this JVM too, as with local[N]). */
    static void forget(long broadcastId) {
        REBUILT.remove(broadcastId);
    }
}

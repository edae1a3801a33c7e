package org.example.initlab.embedding;

import java.util.Locale;
import org.initlab.core.Initlab;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrialResult;

/**
 * initlab used as a library: initialize a network with a spec string, look at the tensors, train it on the
 * bundled MNIST and read the results. Run with {@code java -cp ... org.example.initlab.embedding.EmbeddingExample
 * [epochs]}.
 */
public final class EmbeddingExample {
    private EmbeddingExample() {
    }

    /**
     * @param args optional: the number of epochs (default 2)
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Initlab lab = Initlab.discover();

        ParameterSet weights = lab.initialize("mlp:784-256-10:relu", "he-normal", 42);
        for (ParameterTensor t : weights.tensors()) {
            System.out.printf(Locale.ROOT, "%-9s %-11s std %.5f%n", t.spec().path(), t.spec().shape(), t.std());
        }

        for (String init : new String[] {"zeros", "he-normal"}) {
            TrialResult result = lab.train(Initlab.TrainingRequest.of("mlp:784-256-10:relu", init)
                    .withEpochs(epochs).withSeed(42));
            EpochResult last = result.last().orElseThrow();
            System.out.printf(Locale.ROOT, "%-10s %s after %d epochs: test accuracy %.4f, train loss %.4f%n", init,
                    result.status().jsonName(), last.epoch(), last.testAccuracy(), last.trainLoss());
        }
    }
}

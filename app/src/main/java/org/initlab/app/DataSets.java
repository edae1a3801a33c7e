package org.initlab.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.DataSources;
import org.initlab.core.data.Dataset;
import org.initlab.core.data.InputNormalization;
import org.initlab.core.data.MnistDirectory;
import org.initlab.core.data.Split;

/**
 * The training and test data of {@code compare} and {@code sweep}, one rule for both: {@code --train-data} or the
 * bundled MNIST; {@code --test-data}, else the t10k files of {@code --train-data}'s directory when present, else
 * the bundled MNIST test split; each cut to its {@code --train-limit} / {@code --test-limit}; and the one
 * parser of {@code --normalize}, which {@code inspect} applies to its batch too.
 */
final class DataSets {
    private DataSets() {
    }

    /**
     * The {@code --normalize MEAN,STD} option of {@code compare} and {@code inspect}, parsed.
     *
     * @param normalize the option's value, if given
     * @return the transform; {@link InputNormalization#NONE} when absent
     * @throws IllegalArgumentException naming {@code --normalize} for a value that does not parse
     */
    static InputNormalization normalization(Optional<String> normalize) {
        try {
            return normalize.map(InputNormalization::parse).orElse(InputNormalization.NONE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--normalize: " + e.getMessage(), e);
        }
    }

    /**
     * @param trainData  --train-data
     * @param trainLimit --train-limit
     * @return the training data
     */
    static Dataset train(Optional<Path> trainData, Optional<Integer> trainLimit) {
        return limit(trainData.map(p -> DataSources.load(p, Split.TRAIN)).orElseGet(BundledMnist::train),
                trainLimit, "--train-limit");
    }

    /**
     * @param testData  --test-data
     * @param trainData --train-data, whose directory may hold the test files
     * @param testLimit --test-limit
     * @return the test data
     */
    static Dataset test(Optional<Path> testData, Optional<Path> trainData, Optional<Integer> testLimit) {
        return limit(loadTest(testData, trainData), testLimit, "--test-limit");
    }

    /** @return which data the trials run on, as recorded in the journal */
    static String description(Dataset train, Dataset test) {
        return "train " + train.name() + " (" + train.size() + "), test " + test.name() + " (" + test.size() + ")";
    }

    private static Dataset loadTest(Optional<Path> testData, Optional<Path> trainData) {
        if (testData.isPresent()) {
            return DataSources.load(testData.get(), Split.TEST);
        }
        if (trainData.isPresent() && Files.isDirectory(trainData.get())) {
            try {
                MnistDirectory.locate(trainData.get(), Split.TEST);
                return MnistDirectory.load(trainData.get(), Split.TEST);
            } catch (IllegalArgumentException e) {
                return BundledMnist.test();
            }
        }
        return BundledMnist.test();
    }

    private static Dataset limit(Dataset data, Optional<Integer> limit, String option) {
        if (limit.isEmpty()) {
            return data;
        }
        if (limit.get() < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got " + limit.get());
        }
        return limit.get() >= data.size() ? data : data.head(limit.get());
    }
}

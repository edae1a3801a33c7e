package org.initlab.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.DataSources;
import org.initlab.core.data.Dataset;
import org.initlab.core.data.MnistDirectory;
import org.initlab.core.data.Split;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.sweep.SweepTrial;
import org.initlab.core.train.Trainer;

/**
 * The data of a sweep, loaded as {@code compare} loads it and checked against every model of the grid.
 *
 * @param train training data
 * @param test  test data
 */
record SweepData(Dataset train, Dataset test) {

    static SweepData load(SweepOptions o, List<SweepTrial> trials) {
        Dataset train = limit(o.trainData.map(p -> DataSources.load(p, Split.TRAIN)).orElseGet(BundledMnist::train),
                o.trainLimit, "--train-limit");
        Dataset test = limit(loadTest(o), o.testLimit, "--test-limit");
        Set<String> models = new LinkedHashSet<>();
        trials.forEach(t -> models.add(t.spec().model()));
        for (String model : models) {
            Trainer.checkData(ModelSpec.parse(model), train, "training");
            Trainer.checkData(ModelSpec.parse(model), test, "test");
        }
        return new SweepData(train, test);
    }

    /** @return which data the trials run on, as recorded in the journal (the same text as compare's) */
    String description() {
        return "train " + train.name() + " (" + train.size() + "), test " + test.name() + " (" + test.size() + ")";
    }

    Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("train_data", train.name());
        p.put("train_size", train.size());
        p.put("test_data", test.name());
        p.put("test_size", test.size());
        p.put("initlab_version", VersionProvider.version());
        p.put("java_version", System.getProperty("java.version"));
        p.put("processors", Runtime.getRuntime().availableProcessors());
        CompareCommand.cpuModel().ifPresent(cpu -> p.put("cpu", cpu));
        return p;
    }

    private static Dataset loadTest(SweepOptions o) {
        if (o.testData.isPresent()) {
            return DataSources.load(o.testData.get(), Split.TEST);
        }
        if (o.trainData.isPresent() && Files.isDirectory(o.trainData.get())) {
            Path dir = o.trainData.get();
            try {
                MnistDirectory.locate(dir, Split.TEST);
                return MnistDirectory.load(dir, Split.TEST);
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

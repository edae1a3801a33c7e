package org.initlab.app;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.initlab.core.data.Dataset;
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
        Dataset train = DataSets.train(o.trainData, o.trainLimit);
        Dataset test = DataSets.test(o.testData, o.trainData, o.testLimit);
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
        return DataSets.description(train, test);
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
}

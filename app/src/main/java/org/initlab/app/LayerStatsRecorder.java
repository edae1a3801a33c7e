package org.initlab.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.initlab.core.inspect.LayerStatistics;
import org.initlab.core.train.TrainingListener;

/**
 * Records the per-layer statistics the trainer measures on each trial's probe batch (at initialization and
 * after every epoch) and writes them as {@code layer_stats.json}: {@code {"trials": [{"init", "seed",
 * "epochs": [{"epoch", "layers": [<inspect's layer fields>, "update_ratio"]}]}]}}. Asking for the statistics
 * costs one host forward and backward pass of the probe per epoch, so use it only when the user asks
 * ({@code compare --layer-stats}). Trials must run one after another, as {@code ComparisonRunner} runs them.
 */
final class LayerStatsRecorder implements TrainingListener {
    /** The file name inside the output directory. */
    static final String FILE = "layer_stats.json";

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectNode root = mapper.createObjectNode();
    private final ArrayNode trials = root.putArray("trials");
    private ArrayNode epochs;
    private final java.util.Map<String, List<LayerStatistics>> lastOfFirstSeed = new java.util.LinkedHashMap<>();
    private String currentInit;
    private long currentSeed;
    private Long firstSeed;

    @Override
    public synchronized void trialStarted(String init, long seed, int epochCount, int steps) {
        currentInit = init;
        currentSeed = seed;
        if (firstSeed == null) {
            firstSeed = seed;
        }
        ObjectNode trial = trials.addObject();
        trial.put("init", init);
        trial.put("seed", seed);
        epochs = trial.putArray("epochs");
    }

    @Override
    public boolean wantsLayerStatistics() {
        return true;
    }

    @Override
    public synchronized void layerStatistics(int epoch, List<LayerStatistics> stats) {
        if (epochs == null) {
            return;
        }
        if (epoch > 0 && firstSeed != null && currentSeed == firstSeed) {
            lastOfFirstSeed.put(currentInit, List.copyOf(stats));
        }
        ObjectNode node = epochs.addObject();
        node.put("epoch", epoch);
        ArrayNode layers = node.putArray("layers");
        for (LayerStatistics l : stats) {
            ObjectNode layer = InspectCommand.layerJson(layers.addObject(), l);
            if (l.updateRatio().isPresent() && Double.isFinite(l.updateRatio().getAsDouble())) {
                layer.put("update_ratio", l.updateRatio().getAsDouble());
            } else {
                layer.putNull("update_ratio");
            }
        }
    }

    /**
     * The activation std per layer after the last recorded epoch of each initializer's first-seed trial, for
     * the report.
     *
     * @return one entry per initializer, in run order; empty when nothing was recorded
     */
    synchronized List<ActivationStdProfile> afterTraining() {
        List<ActivationStdProfile> result = new java.util.ArrayList<>();
        lastOfFirstSeed.forEach((init, stats) -> result.add(new ActivationStdProfile(init,
                stats.stream().map(InitialActivationProbe::label).toList(),
                stats.stream().map(LayerStatistics::activationStd).toList())));
        return List.copyOf(result);
    }

    /** @return the seed whose trials {@link #afterTraining()} describes, if any trial ran */
    synchronized java.util.Optional<Long> firstSeed() {
        return java.util.Optional.ofNullable(firstSeed);
    }

    /** @return the recorded statistics as JSON */
    synchronized String json() {
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code layer_stats.json} into a directory (to a temporary name first, then moved into place).
     *
     * @param dir an existing directory
     */
    void write(Path dir) {
        write(new OutputFiles(dir));
    }

    /**
     * Writes {@code layer_stats.json} into an output directory.
     *
     * @param files the output directory
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    void write(OutputFiles files) {
        files.write(FILE, json());
    }
}

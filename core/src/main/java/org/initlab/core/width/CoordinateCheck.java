package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.apiguardian.api.API;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.data.Dataset;
import org.initlab.core.host.HostNetwork;
import org.initlab.spi.SeededRandom;

/**
 * The coordinate check of the maximal update parametrization (Yang et al. 2022, "Tensor Programs V", and the
 * {@code mup} package's {@code get_coord_data}): trains each width for a few optimizer steps and measures, at
 * initialization and after every step, the average coordinate size {@code mean |x|} of every layer's output
 * (the {@code mup} package's default statistic {@code 'l1'}: {@code x.abs().mean()}) and of its change since
 * initialization. In a parametrization that scales correctly both stay the same at every width; under the
 * standard parametrization with Adam they grow with width.
 *
 * <p>Differences from {@code mup}: the sizes are measured on a fixed probe batch by the host pass
 * ({@link HostNetwork}, in evaluation mode: dropout off) on the session's parameters after the step, so step 0
 * is the network at initialization (the {@code mup} package's {@code t = 1}, recorded in the forward pass of
 * the first step) and step {@code t} is after {@code t} updates; and the training batches change every step
 * (drawn from the seed, the same at every width) where {@code mup} repeats its first batch. Seeds are
 * {@code 0 .. seeds - 1}; each seed initializes and trains every width, and the verdicts use the mean over
 * seeds ({@link CoordinateCheckResult#trends()}).
 */
@API(status = EXPERIMENTAL, since = "0.5")
public final class CoordinateCheck {
    private CoordinateCheck() {
    }

    /**
     * Runs the check.
     *
     * @param models   one network per width, at least 2 different widths, all with the same layers
     * @param settings optimizer, steps, seeds and batch size
     * @param backend  trains every width (one session per width and seed)
     * @param training the samples the training batches are drawn from
     * @param probe    the samples whose layer outputs are measured
     * @return the sizes of every width, seed, step and layer, with their trends
     * @throws IllegalArgumentException when fewer than 2 widths are given, a width repeats, the networks'
     *                                  layers differ, the data do not fit the networks, or the batch size
     *                                  exceeds the training samples
     */
    public static CoordinateCheckResult run(List<WidthModel> models, CoordinateCheckSettings settings,
                                            Backend backend, Dataset training, Dataset probe) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(backend, "backend");
        List<WidthModel> sorted = checkedModels(models, training, probe);
        if (settings.batchSize() > training.size()) {
            throw new IllegalArgumentException("the batch size " + settings.batchSize() + " exceeds the "
                    + training.size() + " samples of '" + training.name() + "'");
        }
        float[] probeInputs = features(probe, allIndices(probe.size()));
        List<CoordinateSize> samples = new ArrayList<>();
        List<ProbedLayer> layers = null;
        for (int seed = 0; seed < settings.seeds(); seed++) {
            for (WidthModel model : sorted) {
                List<ProbedLayer> probed = runOne(model, seed, settings, backend, training, probeInputs,
                        probe.size(), samples);
                if (layers == null) {
                    layers = probed;
                } else if (!layers.equals(probed)) {
                    throw new IllegalArgumentException("the networks of all widths must have the same layers: "
                            + sorted.get(0).network().spec() + " has " + layers + " but "
                            + model.network().spec() + " has " + probed);
                }
            }
        }
        return new CoordinateCheckResult(sorted.stream().map(WidthModel::width).toList(), layers,
                settings.steps(), samples);
    }

    private static List<ProbedLayer> runOne(WidthModel model, long seed, CoordinateCheckSettings settings,
                                            Backend backend, Dataset training, float[] probeInputs, int probeSize,
                                            List<CoordinateSize> samples) {
        int batchSize = settings.batchSize();
        int featureCount = training.featureCount();
        float[] inputs = new float[batchSize * featureCount];
        int[] labels = new int[batchSize];
        BatchOrder order = new BatchOrder(training.size(), SeededRandom.of(seed).fork("coord-check batches"));
        try (CoordinateProbe probe = new CoordinateProbe(new HostNetwork(model.network(), backend.threads()),
                probeInputs, probeSize);
             TrainingSession session = backend.open(model.network(), model.initialParameters().apply(seed),
                     settings.optimizer(), model.groups(), batchSize, seed)) {
            List<ProbedLayer> layers = probe.layers();
            for (int step = 0; step <= settings.steps(); step++) {
                if (step > 0) {
                    for (int i = 0; i < batchSize; i++) {
                        int sample = order.next();
                        training.copyFeatures(sample, inputs, i * featureCount);
                        labels[i] = training.label(sample);
                    }
                    session.trainStep(inputs, labels, batchSize);
                }
                double[][] sizes = probe.measure(session.parameters()::values);
                for (int k = 0; k < layers.size(); k++) {
                    samples.add(new CoordinateSize(model.width(), OptionalLong.of(seed), step, layers.get(k),
                            sizes[k][0], sizes[k][1]));
                }
            }
            return layers;
        }
    }

    private static List<WidthModel> checkedModels(List<WidthModel> models, Dataset training, Dataset probe) {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(probe, "probe");
        Set<Integer> widths = new HashSet<>();
        for (WidthModel model : models) {
            if (!widths.add(model.width())) {
                throw new IllegalArgumentException("width " + model.width() + " is given twice");
            }
            int inputs = model.network().inputWidth();
            int outputs = model.network().outputWidth();
            for (Dataset data : List.of(training, probe)) {
                if (data.featureCount() != inputs) {
                    throw new IllegalArgumentException("model " + model.network().spec() + " expects " + inputs
                            + " inputs but '" + data.name() + "' has " + data.featureCount() + " features");
                }
                if (data.classCount() > outputs) {
                    throw new IllegalArgumentException("'" + data.name() + "' has " + data.classCount()
                            + " classes but model " + model.network().spec() + " has only " + outputs + " outputs");
                }
            }
        }
        if (widths.size() < 2) {
            throw new IllegalArgumentException("a coordinate check needs at least 2 different widths, got "
                    + widths.size());
        }
        return models.stream().sorted(Comparator.comparingInt(WidthModel::width)).toList();
    }

    private static int[] allIndices(int n) {
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return indices;
    }

    private static float[] features(Dataset data, int[] indices) {
        float[] x = new float[indices.length * data.featureCount()];
        for (int i = 0; i < indices.length; i++) {
            data.copyFeatures(indices[i], x, i * data.featureCount());
        }
        return x;
    }

    /** The training samples in a seeded random order, reshuffled after every pass. */
    private static final class BatchOrder {
        private final int[] order;
        private final SeededRandom random;
        private int position;

        BatchOrder(int size, SeededRandom random) {
            this.order = allIndices(size);
            this.random = random;
            this.position = size;
        }

        int next() {
            if (position == order.length) {
                random.shuffle(order);
                position = 0;
            }
            return order[position++];
        }
    }
}

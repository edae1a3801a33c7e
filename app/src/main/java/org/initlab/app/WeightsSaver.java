package org.initlab.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.train.TrainingListener;
import org.initlab.initializers.io.Safetensors;
import org.initlab.initializers.io.TensorData;

/**
 * Writes each finished trial's trained parameters as {@code <init>_seed<S>.safetensors} (tensor names as in
 * a PyTorch {@code nn.Sequential} state_dict), so that {@code pretrained(path=...)} can start the next run from
 * them and PyTorch can load them with {@code safetensors.torch.load_file}. The metadata says how the file was
 * made: {@code initlab.init} (canonical spec), {@code initlab.seed} and {@value RunProvenance#METADATA_KEY} (the
 * run's provenance as JSON, the {@code provenance} object of {@code results.json}).
 */
final class WeightsSaver implements TrainingListener {
    private final Path directory;
    private final String provenance;

    /**
     * @param directory  the --save-weights directory
     * @param provenance the run's provenance as JSON, written as metadata {@value RunProvenance#METADATA_KEY}
     */
    WeightsSaver(Path directory, String provenance) {
        this.directory = directory;
        this.provenance = provenance;
    }

    @Override
    public boolean wantsFinalParameters() {
        return true;
    }

    @Override
    public void finalParameters(String init, long seed, ParameterSet parameters) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (ParameterTensor t : parameters.tensors()) {
            tensors.put(t.spec().path(), new TensorData(t.spec().shape().dims(), t.values()));
        }
        Path file = file(directory, init, seed);
        try {
            Safetensors.write(file, tensors, Map.of("initlab.init", init, "initlab.seed", Long.toString(seed),
                    RunProvenance.METADATA_KEY, provenance));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trained weights to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param directory the --save-weights directory
     * @param init      an initializer spec
     * @param seed      a seed
     * @return the file of that trial: the spec with every character other than letters, digits, '.', '-' and
     *         '=' replaced by '_', then {@code _seed<S>.safetensors}
     */
    static Path file(Path directory, String init, long seed) {
        return directory.resolve(init.replaceAll("[^A-Za-z0-9.=-]", "_") + "_seed" + seed + ".safetensors");
    }
}

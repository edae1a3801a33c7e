package org.initlab.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.train.TrainingListener;
import org.initlab.tensorformats.Safetensors;
import org.initlab.tensorformats.TensorData;

/**
 * Writes each finished trial's trained parameters as {@code <init>_seed<S>.safetensors} (tensor names as in
 * a PyTorch {@code nn.Sequential} state_dict), so that {@code pretrained(path=...)} can start the next run from
 * them and PyTorch can load them with {@code safetensors.torch.load_file}.
 */
final class WeightsSaver implements TrainingListener {
    private final Path directory;

    WeightsSaver(Path directory) {
        this.directory = directory;
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
            Safetensors.write(file, tensors, Map.of("initlab.init", init, "initlab.seed", Long.toString(seed)));
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

package org.initlab.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.train.TrainingListener;
import org.initlab.tensorformats.Safetensors;
import org.initlab.tensorformats.TensorData;

/**
 * Writes each finished trial's trained parameters as a {@code .safetensors} file (tensor names as in a PyTorch
 * {@code nn.Sequential} state_dict), so that {@code pretrained(path=...)} can start the next run from them and
 * PyTorch can load them with {@code safetensors.torch.load_file}.
 *
 * <p>File names: {@code <init>_seed<S>.safetensors}, the spec with every character other than letters, digits,
 * '.', '-' and '=' replaced by '_' ({@code he-normal_seed0.safetensors}); when that name would be longer than
 * {@value #MAX_READABLE} characters, or another spec already took it in this directory, the name is the first
 * characters of it, '-' and 12 hex digits of the SHA-256 of the spec ({@code pretrained_path=_data_..-3f2a..._seed0
 * .safetensors}). Every file carries the full spec, the seed and the model in its metadata
 * ({@code initlab.init}, {@code initlab.seed}, {@code initlab.model}) and how it was made
 * ({@value RunProvenance#METADATA_KEY}: the run's provenance as JSON, as in {@code results.json}), and
 * {@value #INDEX} lists every file with its spec and seed. A file that cannot be written is a warning on its trial: the run goes on, and
 * {@link #failures()} counts them.
 */
final class WeightsSaver implements TrainingListener {
    /** The index of the directory: {@code {"weights": [{"file", "init", "seed", "model"}]}}. */
    static final String INDEX = "index.json";
    /** The longest file name kept readable. */
    static final int MAX_READABLE = 120;
    private static final int PREFIX = 48;

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path directory;
    private final String model;
    private final Consumer<String> warn;
    private final Map<String, ObjectNode> index = new TreeMap<>();
    private int failures;
    private String provenance = "";

    /**
     * @param directory the --save-weights directory (it exists)
     * @param model     the model spec, written into each file's metadata
     * @param warn      receives a one-line warning per file that could not be written
     */
    WeightsSaver(Path directory, String model, Consumer<String> warn) {
        this.directory = directory;
        this.model = model;
        this.warn = warn;
        readIndex();
    }

    /**
     * Sets what every file written from now on records as metadata {@value RunProvenance#METADATA_KEY}: the
     * run's provenance, known once the backend is open.
     *
     * @param json the provenance as JSON, the {@code provenance} object of {@code results.json}
     */
    synchronized void provenance(String json) {
        this.provenance = java.util.Objects.requireNonNull(json, "json");
    }

    @Override
    public boolean wantsFinalParameters() {
        return true;
    }

    @Override
    public synchronized void finalParameters(String init, long seed, ParameterSet parameters) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (ParameterTensor t : parameters.tensors()) {
            tensors.put(t.spec().path(), new TensorData(t.spec().shape().dims(), t.values()));
        }
        String name = name(init, seed);
        ObjectNode previous = index.get(name);
        if (previous != null && !previous.path("init").asText().equals(init)) {
            name = hashedName(init, seed);
        }
        Path file = directory.resolve(name);
        try {
            Map<String, String> metadata = new LinkedHashMap<>(Map.of("initlab.init", init,
                    "initlab.seed", Long.toString(seed), "initlab.model", model));
            if (!provenance.isEmpty()) {
                metadata.put(RunProvenance.METADATA_KEY, provenance);
            }
            write(file, tensors, metadata);
        } catch (IOException | RuntimeException e) {
            failures++;
            warn.accept(init + " seed " + seed + ": trained weights not saved: cannot write " + file + ": "
                    + (e instanceof IOException io ? OutputFiles.reason(io) : e.toString()));
            return;
        }
        ObjectNode entry = mapper.createObjectNode();
        entry.put("file", name);
        entry.put("init", init);
        entry.put("seed", seed);
        entry.put("model", model);
        index.put(name, entry);
        try {
            writeIndex();
        } catch (IOException | RuntimeException e) {
            failures++;
            warn.accept(init + " seed " + seed + ": trained weights saved to " + file + " but not listed in "
                    + directory.resolve(INDEX) + ": " + (e instanceof IOException io ? OutputFiles.reason(io)
                    : e.toString()));
        }
    }

    /** @return how many trials' weights could not be written */
    synchronized int failures() {
        return failures;
    }

    private static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata)
            throws IOException {
        OutputFiles.atomicWrite(file, tmp -> Safetensors.write(tmp, tensors, metadata));
    }

    private void readIndex() {
        Path file = directory.resolve(INDEX);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode root = mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
            for (JsonNode entry : root.path("weights")) {
                if (entry.isObject() && entry.path("file").isTextual()) {
                    index.put(entry.get("file").asText(), (ObjectNode) entry);
                }
            }
        } catch (IOException e) {
            warn.accept("ignoring the unreadable " + file + " (" + e.getMessage().lines().findFirst().orElse("")
                    + "); it is written anew with this run's files");
        }
    }

    private void writeIndex() throws IOException {
        ObjectNode root = mapper.createObjectNode();
        index.values().forEach(root.putArray("weights")::add);
        OutputFiles.atomicWrite(directory.resolve(INDEX),
                (mapper.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param directory the --save-weights directory
     * @param init      an initializer spec
     * @param seed      a seed
     * @return the file of that trial when no other spec took its name: see the class comment
     */
    static Path file(Path directory, String init, long seed) {
        return directory.resolve(name(init, seed));
    }

    /** @return the readable name of a trial's file, or the hashed one when it is too long */
    static String name(String init, long seed) {
        String readable = readable(init) + "_seed" + seed + ".safetensors";
        return readable.length() <= MAX_READABLE ? readable : hashedName(init, seed);
    }

    /** @return a name unique to the spec: a readable prefix, '-' and 12 hex digits of the spec's SHA-256 */
    static String hashedName(String init, long seed) {
        String readable = readable(init);
        String prefix = readable.substring(0, Math.min(PREFIX, readable.length()));
        return prefix + "-" + hash(init) + "_seed" + seed + ".safetensors";
    }

    private static String readable(String init) {
        return init.replaceAll("[^A-Za-z0-9.=-]", "_");
    }

    private static String hash(String init) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(init.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

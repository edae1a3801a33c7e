package org.initlab.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.initlab.core.experiment.ComparisonResult;
import org.initlab.core.experiment.InitSummary;
import org.initlab.core.provenance.Provenance;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrialResult;

/**
 * Writes {@code results.json} (summary, trials, config and the run's typed {@code provenance}) and
 * {@code results.csv}. Field names are a public contract; numbers that are
 * not finite are written as {@code null}. Files are written to a temporary name, synced and moved into place,
 * so a reader (or a run killed half-way) never sees half a file.
 */
final class ResultsWriter {
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    ObjectNode toJson(ComparisonResult result, Map<String, Object> provenance) {
        return toJson(result, provenance, Optional.empty());
    }

    /**
     * @param result     the comparison
     * @param provenance the config's provenance entries (data, versions, machine)
     * @param typed      the run's typed provenance, written as the root {@code provenance} object when present
     * @return the {@code results.json} tree
     */
    ObjectNode toJson(ComparisonResult result, Map<String, Object> provenance, Optional<Provenance> typed) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode summary = root.putArray("summary");
        for (InitSummary s : result.summary()) {
            ObjectNode n = summary.addObject();
            n.put("init", s.init());
            number(n, "test_accuracy_mean", s.testAccuracyMean());
            number(n, "test_accuracy_std", s.testAccuracyStd());
            number(n, "train_loss_mean", s.trainLossMean());
            number(n, "test_loss_mean", s.testLossMean());
            if (s.epochsTo90Mean().isPresent()) {
                n.put("epochs_to_90_mean", s.epochsTo90Mean().getAsDouble());
            } else {
                n.putNull("epochs_to_90_mean");
            }
            n.put("reached_90", s.reached90());
            n.put("trials", s.trials());
            n.put("ok", s.ok());
            n.put("diverged", s.diverged());
            n.put("failed", s.failed());
            number(n, "seconds", s.secondsTotal());
        }
        ArrayNode trials = root.putArray("trials");
        for (TrialResult t : result.trials()) {
            trials.add(TrialJson.trial(mapper, t));
        }
        ObjectNode config = root.putObject("config");
        config.put("model", result.config().network().spec());
        ArrayNode inits = config.putArray("inits");
        result.summary().forEach(s -> inits.add(s.init()));
        config.put("bias_init", result.config().biasInit());
        ArrayNode rules = config.putArray("init_rules");
        result.config().rules().forEach(rules::add);
        ArrayNode seeds = config.putArray("seeds");
        result.config().seeds().forEach(seeds::add);
        config.put("epochs", result.config().training().epochs());
        config.put("batch_size", result.config().training().batchSize());
        config.put("optimizer", result.config().training().optimizer().spec());
        config.put("parametrization", result.config().training().parametrization().spec());
        config.put("backend", result.backend());
        config.put("device", result.device());
        provenance.forEach((k, v) -> config.set(k, mapper.valueToTree(v)));
        typed.ifPresent(p -> root.set("provenance", RunProvenance.json(p)));
        number(root, "seconds", result.seconds());
        return root;
    }

    void write(Path dir, ComparisonResult result, Map<String, Object> provenance) {
        write(new OutputFiles(dir), result, provenance);
    }

    /**
     * @param files      the output directory
     * @param result     the comparison
     * @param provenance the config and provenance entries
     * @throws UncheckedIOException naming the file that could not be written
     */
    void write(OutputFiles files, ComparisonResult result, Map<String, Object> provenance) {
        write(files, result, provenance, Optional.empty());
    }

    /**
     * @param files      the output directory
     * @param result     the comparison
     * @param provenance the config's provenance entries
     * @param typed      the run's typed provenance, the root {@code provenance} object when present
     * @throws UncheckedIOException naming the file that could not be written
     */
    void write(OutputFiles files, ComparisonResult result, Map<String, Object> provenance,
               Optional<Provenance> typed) {
        try {
            files.write("results.json", mapper.writeValueAsString(toJson(result, provenance, typed)) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        files.write("results.csv", csv(result));
    }

    static String csv(ComparisonResult result) {
        StringBuilder sb = new StringBuilder("init,seed,status,epoch,train_loss,test_loss,test_accuracy,seconds\n");
        for (TrialResult t : result.trials()) {
            if (t.epochs().isEmpty()) {
                sb.append(quote(t.init())).append(',').append(t.seed()).append(',').append(t.status().jsonName())
                        .append(",,,,,\n");
            }
            for (EpochResult e : t.epochs()) {
                sb.append(quote(t.init())).append(',').append(t.seed()).append(',').append(t.status().jsonName())
                        .append(',').append(e.epoch())
                        .append(',').append(fmt(e.trainLoss())).append(',').append(fmt(e.testLoss()))
                        .append(',').append(fmt(e.testAccuracy())).append(',').append(fmt(e.seconds()))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private static void number(ObjectNode node, String field, double value) {
        TrialJson.number(node, field, value);
    }
}

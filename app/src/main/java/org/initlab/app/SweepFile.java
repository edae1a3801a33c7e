package org.initlab.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A sweep file ({@code initlab sweep -f sweep.yaml}): the fields of compare's experiment files (with
 * {@code init} a single spec and {@code epochs}, {@code batch_size} text, since each may hold {@code {name}}
 * placeholders), plus {@code grid} (axis name to a list of values), {@code plot} (heatmaps and line charts)
 * and the runner's settings. Every field is optional; a flag given on the command line wins.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"model", "grid", "init", "bias_init", "init_rules", "seeds", "seed", "epochs", "batch_size",
        "optimizer", "parametrization", "backend", "threads", "train_data", "test_data", "train_limit", "test_limit", "out", "quiet",
        "metrics", "metrics_port", "metrics_bind", "plot", "runner", "master", "parallel", "max_trials"})
record SweepFile(String model, LinkedHashMap<String, List<String>> grid, String init,
                 @JsonProperty("bias_init") String biasInit, @JsonProperty("init_rules") List<String> initRules,
                 Integer seeds, Long seed, String epochs, @JsonProperty("batch_size") String batchSize,
                 String optimizer, String parametrization, String backend, Integer threads, @JsonProperty("train_data") String trainData,
                 @JsonProperty("test_data") String testData, @JsonProperty("train_limit") Integer trainLimit,
                 @JsonProperty("test_limit") Integer testLimit, String out, Boolean quiet, String metrics,
                 @JsonProperty("metrics_port") Integer metricsPort, @JsonProperty("metrics_bind") String metricsBind,
                 List<Plot> plot, String runner, String master, Integer parallel,
                 @JsonProperty("max_trials") Long maxTrials) {

    /**
     * One entry of {@code plot:}: a heatmap of {@code value} over the axes {@code x} and {@code y} (mean over
     * seeds and any other axes), and a line chart of {@code value} along {@code x}, one line per value of
     * {@code y}.
     *
     * @param x     a grid axis
     * @param y     another grid axis
     * @param value what to show: one of {@link SweepTable#VALUES}, default {@code test_accuracy}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Plot(String x, String y, String value) {
        /** @return the value, {@code test_accuracy} when absent */
        String valueOrDefault() {
            return value == null ? "test_accuracy" : value;
        }
    }

    /**
     * Reads a sweep file.
     *
     * @param file the file
     * @return its settings
     * @throws IllegalArgumentException naming the file and the field for a missing file, an unknown field, a
     *                                  value of the wrong type or a grid that is not a map of lists
     */
    static SweepFile read(Path file) {
        try {
            SweepFile f = ExperimentFile.mapper().readValue(ExperimentFileText.read(file, "sweep file"),
                    SweepFile.class);
            if (f == null) {
                throw new IllegalArgumentException("sweep file " + file + " is empty");
            }
            return f;
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("sweep file " + file + ": unknown field '" + e.getPropertyName()
                    + "' (known: " + String.join(", ", fieldNames()) + ")", e);
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "" : " field '" + e.getPath().get(0).getFieldName() + "'";
            String hint = !e.getPath().isEmpty() && "grid".equals(e.getPath().get(0).getFieldName())
                    ? " (grid: one axis per line, each a list of values, e.g. depth: [10, 20])" : "";
            throw new IllegalArgumentException("sweep file " + file + ":" + field + " "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + hint, e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("sweep file " + file + " is not valid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("sweep file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read sweep file " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the YAML text of these settings (absent fields left out) */
    String toYaml() {
        try {
            return "# initlab sweep -f this-file reproduces the sweep; command-line flags override it\n"
                    + ExperimentFile.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the field names, in file order */
    static List<String> fieldNames() {
        return List.of(SweepFile.class.getAnnotation(JsonPropertyOrder.class).value());
    }
}

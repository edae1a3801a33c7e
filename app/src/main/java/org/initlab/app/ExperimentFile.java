package org.initlab.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * An experiment file ({@code initlab compare -f experiment.yaml}): one snake_case field per option of
 * {@code compare}, every field optional. An absent field keeps the option's default; a flag given on the
 * command line wins over the file. Relative paths are relative to the file's directory.
 *
 * @param model       {@code --model}
 * @param init        {@code --init}, a list (a single string is accepted)
 * @param biasInit    {@code --bias-init}
 * @param initRules   {@code --init-rule}, a list
 * @param seeds       {@code --seeds}
 * @param seed        {@code --seed}
 * @param epochs      {@code --epochs}
 * @param batchSize   {@code --batch-size}
 * @param optimizer   {@code --optimizer}
 * @param parametrization {@code --parametrization}
 * @param backend     {@code --backend}
 * @param threads     {@code --threads}
 * @param trainData   {@code --train-data}
 * @param testData    {@code --test-data}
 * @param trainLimit  {@code --train-limit}
 * @param testLimit   {@code --test-limit}
 * @param normalize   {@code --normalize}, {@code MEAN,STD}
 * @param out         {@code --out}
 * @param quiet       {@code --quiet}
 * @param metrics     {@code --metrics}
 * @param metricsPort {@code --metrics-port}
 * @param metricsBind {@code --metrics-bind}
 * @param saveWeights {@code --save-weights}
 * @param layerStats  {@code --layer-stats}
 * @param runner      {@code --runner}
 * @param master      {@code --master}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"model", "init", "bias_init", "init_rules", "seeds", "seed", "epochs", "batch_size", "optimizer",
        "parametrization", "backend", "threads", "train_data", "test_data", "train_limit", "test_limit", "normalize", "out", "quiet",
        "metrics", "metrics_port", "metrics_bind", "save_weights", "layer_stats", "runner", "master"})
record ExperimentFile(String model, List<String> init, @JsonProperty("bias_init") String biasInit,
                      @JsonProperty("init_rules") List<String> initRules, Integer seeds, Long seed, Integer epochs,
                      @JsonProperty("batch_size") Integer batchSize, String optimizer, String parametrization,
                      String backend,
                      Integer threads, @JsonProperty("train_data") String trainData,
                      @JsonProperty("test_data") String testData, @JsonProperty("train_limit") Integer trainLimit,
                      @JsonProperty("test_limit") Integer testLimit, String normalize, String out, Boolean quiet, String metrics,
                      @JsonProperty("metrics_port") Integer metricsPort,
                      @JsonProperty("metrics_bind") String metricsBind,
                      @JsonProperty("save_weights") String saveWeights,
                      @JsonProperty("layer_stats") Boolean layerStats, String runner, String master) {

    /**
     * @return the mapper of experiment and sweep files: unknown fields, duplicate keys and a fraction for a whole
     *         number are errors
     */
    static YAMLMapper mapper() {
        return YAMLMapper.builder(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * Reads an experiment file.
     *
     * @param file the file
     * @return its settings
     * @throws IllegalArgumentException naming the file and the field for a missing file, an unknown field, a
     *                                  value of the wrong type (a fraction for a whole number, too) or what
     *                                  {@link ExperimentFileText} refuses
     */
    static ExperimentFile read(Path file) {
        try {
            ExperimentFile f = mapper().readValue(ExperimentFileText.read(file), ExperimentFile.class);
            if (f == null) {
                throw new IllegalArgumentException("experiment file " + file + " is empty");
            }
            return f;
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("experiment file " + file + ": unknown field '" + e.getPropertyName()
                    + "' (known: " + String.join(", ", fieldNames()) + ")", e);
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "" : " field '" + e.getPath().get(0).getFieldName() + "'";
            String problem = e.getOriginalMessage().lines().findFirst().orElse("");
            if (problem.startsWith("Cannot coerce Floating-point value")) {
                problem = "must be a whole number, got " + problem.replaceAll("^.*?value \\(([^)]*)\\).*$", "$1");
            }
            throw new IllegalArgumentException("experiment file " + file + ":" + field + " " + problem, e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("experiment file " + file + " is not valid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("experiment file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read experiment file " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the YAML text of these settings (absent fields left out) */
    String toYaml() {
        try {
            return "# initlab compare -f this-file reproduces the run; command-line flags override it\n"
                    + mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the field names, in file order */
    static List<String> fieldNames() {
        return List.of(ExperimentFile.class.getAnnotation(JsonPropertyOrder.class).value());
    }

    /**
     * @param base  the file's directory
     * @param value a path from the file, possibly relative
     * @return the path, relative ones resolved against {@code base}
     */
    static Path resolve(Path base, String value) {
        Path p = Path.of(value);
        return p.isAbsolute() ? p : base.resolve(p).normalize();
    }
}

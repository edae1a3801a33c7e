package org.initlab.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.provenance.DatasetFingerprint;
import org.initlab.core.provenance.InitializerOrigin;
import org.initlab.core.provenance.Provenance;

/**
 * A comparison's {@link Provenance} and its three written forms: the {@code provenance} object of
 * {@code results.json}, rows of the report's "Configuration and provenance" table, and the
 * {@value #METADATA_KEY} entry of every saved safetensors file.
 */
final class RunProvenance {
    /** The safetensors metadata key that holds the provenance, as JSON. */
    static final String METADATA_KEY = "initlab.provenance";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RunProvenance() {
    }

    /**
     * @param registry resolves each spec's provider and origin
     * @param plans    the comparison's plans (weights, biases and rules of each)
     * @param backend  the backend's name
     * @param device   its device
     * @param train    the training data as used
     * @param test     the test data as used
     * @return the provenance, every initializer once, in the plans' order
     */
    static Provenance collect(InitializerRegistry registry, Map<String, InitializationPlan> plans, String backend,
                              String device, Dataset train, Dataset test) {
        return Provenance.of(backend, device, origins(registry, plans),
                List.of(DatasetFingerprint.of("train", train), DatasetFingerprint.of("test", test)));
    }

    /**
     * The provenance of {@code initlab init}'s file: no backend (nothing is trained), the plan's initializers and
     * the training data when a data-dependent initializer drew its probe batch from it.
     *
     * @param registry resolves each spec's provider and origin
     * @param plan     the plan
     * @param train    the training data as used, if any was
     * @return the provenance, backend and device {@code none}
     */
    static Provenance collectInitOnly(InitializerRegistry registry, InitializationPlan plan,
                                      java.util.Optional<Dataset> train) {
        return Provenance.of("none", "none", origins(registry, Map.of(plan.weights().spec(), plan)),
                train.map(t -> List.of(DatasetFingerprint.of("train", t))).orElse(List.of()));
    }

    private static List<InitializerOrigin> origins(InitializerRegistry registry,
                                                   Map<String, InitializationPlan> plans) {
        Set<String> specs = new LinkedHashSet<>();
        for (InitializationPlan plan : plans.values()) {
            specs.add(plan.weights().spec());
            specs.add(plan.biases().spec());
            plan.overrides().forEach(o -> specs.add(o.initializer().spec()));
        }
        List<InitializerOrigin> origins = new ArrayList<>();
        specs.forEach(spec -> origins.add(registry.originOf(spec)));
        return origins;
    }

    /** @return the JSON object of {@code results.json}'s {@code provenance} field */
    static JsonNode json(Provenance provenance) {
        return MAPPER.valueToTree(provenance.toMap());
    }

    /** @return the provenance as one line of JSON, for file metadata */
    static String jsonText(Provenance provenance) {
        try {
            return MAPPER.writeValueAsString(provenance.toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialize", e);
        }
    }

    /**
     * @param config     {@code results.json}'s config object
     * @param provenance the run's provenance
     * @return the report's table: the config entries, then the provenance rows
     */
    static JsonNode reportConfig(JsonNode config, Provenance provenance) {
        ObjectNode table = config.deepCopy();
        provenance.entries().forEach(table::put);
        return table;
    }
}

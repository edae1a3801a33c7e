package org.initlab.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;

/**
 * The JSON form of a trial (as in {@code results.json}'s {@code trials}) and of a {@link TrialSpec}, both ways.
 * Numbers that are not finite are written as {@code null} and read back as NaN.
 */
final class TrialJson {
    private TrialJson() {
    }

    static ObjectNode trial(ObjectMapper mapper, TrialResult t) {
        ObjectNode n = mapper.createObjectNode();
        n.put("init", t.init());
        n.put("seed", t.seed());
        n.put("status", t.status().jsonName());
        t.message().ifPresent(m -> n.put("message", m));
        number(n, "seconds", t.seconds());
        number(n, "samples_per_second", t.samplesPerSecond());
        ArrayNode epochs = n.putArray("epochs");
        for (EpochResult e : t.epochs()) {
            ObjectNode en = epochs.addObject();
            en.put("epoch", e.epoch());
            number(en, "train_loss", e.trainLoss());
            number(en, "test_loss", e.testLoss());
            number(en, "test_accuracy", e.testAccuracy());
            number(en, "seconds", e.seconds());
        }
        return n;
    }

    static TrialResult parseTrial(JsonNode n) {
        List<EpochResult> epochs = new ArrayList<>();
        for (JsonNode e : required(n, "epochs")) {
            epochs.add(new EpochResult(required(e, "epoch").asInt(), number(e, "train_loss"), number(e, "test_loss"),
                    number(e, "test_accuracy"), number(e, "seconds")));
        }
        TrialStatus status = TrialStatus.valueOf(required(n, "status").asText().toUpperCase(Locale.ROOT));
        return new TrialResult(required(n, "init").asText(), required(n, "seed").asLong(), status, epochs,
                number(n, "seconds"), number(n, "samples_per_second"),
                n.hasNonNull("message") ? Optional.of(n.get("message").asText()) : Optional.empty());
    }

    static ObjectNode spec(ObjectMapper mapper, TrialSpec s) {
        ObjectNode n = mapper.createObjectNode();
        n.put("model", s.model());
        n.put("init", s.weightInit());
        n.put("bias_init", s.biasInit());
        ArrayNode rules = n.putArray("init_rules");
        s.rules().forEach(rules::add);
        n.put("seed", s.seed());
        n.put("epochs", s.epochs());
        n.put("batch_size", s.batchSize());
        n.put("optimizer", s.optimizer());
        n.put("backend", s.backend());
        n.put("parametrization", s.parametrization());
        return n;
    }

    static TrialSpec parseSpec(JsonNode n) {
        List<String> rules = new ArrayList<>();
        required(n, "init_rules").forEach(r -> rules.add(r.asText()));
        return new TrialSpec(required(n, "model").asText(), required(n, "init").asText(),
                required(n, "bias_init").asText(), rules, required(n, "seed").asLong(), required(n, "epochs").asInt(),
                required(n, "batch_size").asInt(), required(n, "optimizer").asText(), required(n, "backend").asText(),
                n.hasNonNull("parametrization") ? n.get("parametrization").asText() : TrialSpec.STANDARD);
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}

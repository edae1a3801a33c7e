package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.tensorformats.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --parametrization} on compare, sweep, inspect and init: bad input, results, files. */
class ParametrizationCliTest {
    private static final String MLP = "mlp:784-16-16-10:relu";
    private static final String[] TINY = {"--init", "he-normal", "--seeds", "1", "--epochs", "1", "--train-limit",
            "64", "--test-limit", "32", "--quiet"};

    @TempDir
    Path tmp;

    private static CliTest.Run compare(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("compare"));
        args.addAll(List.of(TINY));
        args.addAll(List.of(extra));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void anUnknownParametrizationIsOneLineListingTheKnownOnes() {
        BadInputTest.assertOneLine(compare("--model", MLP, "--parametrization", "mupp"),
                "unknown parametrization 'mupp' (known: sp, ntk, mup); did you mean 'mup'?");
        BadInputTest.assertOneLine(CliTest.run("inspect", "--model", MLP, "--parametrization", "lazy"),
                "unknown parametrization 'lazy' (known: sp, ntk, mup)");
    }

    @Test
    void mupWithoutBaseWidthOnAHiddenLayerNetworkIsOneLine() {
        BadInputTest.assertOneLine(compare("--model", MLP, "--parametrization", "mup"),
                "parametrization mup needs base_width for " + MLP);
    }

    @Test
    void mupOnACnnNamesTheLayerForEveryCommand() {
        String cnn = "cnn:1x28x28-c4k3-p2-10";
        String expected = "layer 0 of " + cnn + " is a conv2d layer";
        BadInputTest.assertOneLine(compare("--model", cnn, "--parametrization", "mup(base_width=4)"), expected);
        BadInputTest.assertOneLine(CliTest.run("inspect", "--model", cnn, "--input", "gaussian",
                "--parametrization", "mup(base_width=4)"), expected);
        BadInputTest.assertOneLine(CliTest.run("init", "--model", cnn, "--print-pytorch",
                "--parametrization", "ntk"), expected);
        BadInputTest.assertOneLine(CliTest.run("sweep", "--model", cnn, "--grid", "p=sp,mup", "--epochs", "1",
                "--train-limit", "20", "--test-limit", "10", "--quiet", "--parametrization", "{p}(base_width=4)"),
                "grid point p=mup: parametrization mup(base_width=4) is defined for dense networks");
    }

    @Test
    void compareWritesTheParametrizationIntoResultsJournalAndExperimentFile() throws Exception {
        Path out = tmp.resolve("ntk");
        CliTest.Run r = compare("--model", MLP, "--parametrization", "ntk(base_width=8)", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.get("config").get("parametrization").asText()).isEqualTo("ntk(base_width=8)");
        assertThat(results.get("trials").get(0).get("status").asText()).isEqualTo("ok");
        assertThat(Files.readString(out.resolve(TrialJournal.FILE))).contains("\"parametrization\":\"ntk(base_width=8)\"");
        assertThat(Files.readString(out.resolve(ResumedExperiment.FILE))).contains("parametrization: ntk(base_width=8)");
    }

    @Test
    void muPTrainsEndToEndOnBothBackendsWithTheSameResult() throws Exception {
        // muP's learning-rate groups are not uniform (MuAdam divides the hidden weights' rate by m = 32 / 8), so
        // this goes through open(..., ParameterGroups, ...) of each backend; the two give the same accuracy
        String[] mup = {"compare", "--model", "mlp:784-32-32-10", "--parametrization", "mup(base_width=8)",
                "--optimizer", "adam(lr=0.01)", "--init", "he-normal", "--seeds", "1", "--epochs", "1",
                "--train-limit", "1000", "--test-limit", "300", "--quiet"};
        Path nativeOut = tmp.resolve("mup-native");
        Path djlOut = tmp.resolve("mup-djl");
        CliTest.Run onNative = CliTest.run(concat(mup, "--backend", "native", "--out", nativeOut.toString()));
        CliTest.Run onDjl = CliTest.run(concat(mup, "--backend", "djl", "--out", djlOut.toString()));
        assertThat(onNative.code()).as(onNative.err()).isZero();
        assertThat(onDjl.code()).as(onDjl.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(nativeOut.resolve("results.json").toFile());
        JsonNode b = new ObjectMapper().readTree(djlOut.resolve("results.json").toFile());
        assertThat(a.get("config").get("parametrization").asText()).isEqualTo("mup(base_width=8)");
        JsonNode trialA = a.get("trials").get(0);
        JsonNode trialB = b.get("trials").get(0);
        assertThat(trialA.get("status").asText()).isEqualTo("ok");
        assertThat(trialA.get("epochs").get(0).get("test_accuracy").asDouble()).isGreaterThan(0.6);
        assertThat(trialB.get("epochs").get(0).get("test_accuracy").asDouble()).isCloseTo(trialA.get("epochs").get(0).get("test_accuracy").asDouble(),
                org.assertj.core.data.Offset.offset(0.02));
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void aJournalLineWithoutAParametrizationReadsAsStandard() throws Exception {
        JsonNode old = new ObjectMapper().readTree("{\"model\":\"mlp:784-8-10\",\"init\":\"he-normal\","
                + "\"bias_init\":\"zeros\",\"init_rules\":[],\"seed\":0,\"epochs\":1,\"batch_size\":64,"
                + "\"optimizer\":\"sgd(lr=0.01)\",\"backend\":\"native\"}");
        TrialSpec spec = TrialJson.parseSpec(old);
        assertThat(spec.parametrization()).isEqualTo("sp");
        assertThat(spec).isEqualTo(new TrialSpec("mlp:784-8-10", "he-normal", "zeros", List.of(), 0, 1, 64,
                "sgd(lr=0.01)", "native"));
    }

    @Test
    void sweepExpandsAParametrizationTemplate() throws Exception {
        Path out = tmp.resolve("sweep");
        CliTest.Run r = CliTest.run("sweep", "--model", "mlp:784-{w}-10", "--grid", "p=sp,ntk", "--grid", "w=8",
                "--parametrization", "{p}(base_width=8)", "--epochs", "1", "--train-limit", "64", "--test-limit", "32",
                "--quiet", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("sweep.csv"))).contains(",parametrization,").contains(",sp,")
                .contains(",ntk(base_width=8),");
    }

    @Test
    void initWritesScaledValuesAndPrintsScaledLinearModules() throws Exception {
        Path sp = tmp.resolve("sp.safetensors");
        Path mup = tmp.resolve("mup.safetensors");
        assertThat(CliTest.run("init", "--model", MLP, "--init", "he-normal", "--bias-init", "normal(std=0.1)",
                "--out", sp.toString()).code()).isZero();
        CliTest.Run r = CliTest.run("init", "--model", MLP, "--init", "he-normal", "--bias-init", "normal(std=0.1)",
                "--parametrization", "mup(base_width=4)", "--out", mup.toString(), "--print-pytorch");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("class ScaledLinear(nn.Linear):", "nn.Linear(784, 16)", "nn.Linear(16, 16)",
                "ScaledLinear(16, 10, input_multiplier=0.25)");
        float[] plain = Safetensors.read(sp).get("4.weight").values();
        float[] scaled = Safetensors.read(mup).get("4.weight").values();
        assertThat(scaled[5]).isEqualTo((float) (plain[5] * 2.0));
        assertThat(Safetensors.read(mup).get("0.weight").values()).isEqualTo(Safetensors.read(sp).get("0.weight")
                .values());
        assertThat(Safetensors.read(mup).get("2.bias").values()[0])
                .isEqualTo((float) (Safetensors.read(sp).get("2.bias").values()[0] * 2.0));
    }
}

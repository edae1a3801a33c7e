package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    private static final List<String> FIELDS = List.of("index", "name", "preactivation_mean", "preactivation_std",
            "preactivation_second_moment", "activation_mean", "activation_std", "saturated_fraction", "dead_fraction",
            "weight_std", "weight_std_theory", "gradient_std", "weight_gradient_std", "variance_ratio",
            "variance_ratio_theory", "symmetric_units", "description", "kind");

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void jsonOfTheClassicExperimentHasEveryFieldAndAVerdictPerInitializer() throws Exception {
        Run r = run("inspect", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        List<String> top = new ArrayList<>();
        json.fieldNames().forEachRemaining(top::add);
        assertThat(top).containsExactly("inits");
        JsonNode inits = json.get("inits");
        assertThat(inits).extracting(n -> n.get("init").asText())
                .containsExactly("zeros", "normal(std=0.01)", "xavier-normal", "he-normal");
        for (JsonNode init : inits) {
            List<String> keys = new ArrayList<>();
            init.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("init", "layers", "verdict", "recommendation");
            assertThat(init.get("layers")).hasSize(3);
            for (JsonNode layer : init.get("layers")) {
                List<String> fields = new ArrayList<>();
                layer.fieldNames().forEachRemaining(fields::add);
                assertThat(fields).containsExactlyElementsOf(FIELDS);
            }
            assertThat(init.get("layers")).extracting(n -> n.get("name").asText()).containsExactly("0", "2", "4");
            assertThat(init.get("layers")).extracting(n -> n.get("index").asInt()).containsExactly(1, 2, 3);
            assertThat(init.get("layers").get(0).get("variance_ratio").isNull()).isTrue();
        }
        JsonNode zeros = inits.get(0);
        assertThat(zeros.get("verdict").asText()).startsWith("symmetric: all 512 units of layer 1 are identical");
        assertThat(zeros.get("layers").get(0).get("symmetric_units").asInt()).isEqualTo(512);
        assertThat(zeros.get("layers").get(1).get("variance_ratio").isNull()).as("0/0 is written as null").isTrue();
        assertThat(inits.get(1).get("verdict").asText()).startsWith("signal vanishes: ");
        JsonNode he = inits.get(3);
        assertThat(he.get("verdict").asText()).startsWith("healthy: ");
        assertThat(he.get("recommendation").asText()).startsWith("keep he-normal: ");
        assertThat(he.get("layers").get(0).get("weight_std_theory").asDouble())
                .isCloseTo(Math.sqrt(2.0 / 784), org.assertj.core.api.Assertions.within(1e-9));
        // He's Var(W) = 2/n through ReLU keeps the second moment: the law predicts exactly 1 for the weights'
        // true variance; with the measured one of 512 x 512 weights it is within 1% (3.5 sigma of the sample
        // variance), so a factor 2 (a missing ReLU 1/2, or Var(W) = 1/n) fails
        assertThat(he.get("layers").get(1).get("variance_ratio_theory").asDouble()).isCloseTo(1.0, within(0.01));
    }

    @Test
    void gaussianInputTableAndFilesForADeepTanhNet() throws Exception {
        Path out = tmp.resolve("out");
        Run r = run("inspect", "--model", "mlp:500-500x10-10:tanh", "--input", "gaussian", "--init",
                "normal(std=0.01),lecun-normal", "--batch", "128", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("initlab inspect: mlp:500-500x10-10:tanh, 128 samples of gaussian, bias zeros")
                .contains("== normal(std=0.01)").contains("verdict: signal vanishes: activation std falls by a factor 0.2")
                .contains("== lecun-normal").contains("recommendation: keep lecun-normal: ");
        assertThat(Files.readString(out.resolve("inspect.txt"))).isEqualTo(r.out());
        JsonNode json = new ObjectMapper().readTree(out.resolve("inspect.json").toFile());
        assertThat(json.get("inits")).hasSize(2);
        assertThat(json.get("inits").get(0).get("layers")).hasSize(11);
    }

    @Test
    void outWritesForwardAndBackwardPlotsNextToTheTextAndJson() throws Exception {
        Path out = tmp.resolve("plots");
        // zeros: every activation std after the first layer is 0 and every gradient 0, which a log axis skips
        Run r = run("inspect", "--model", "mlp:784-64x3-10:tanh", "--init", "zeros,normal(std=0.01),xavier-normal",
                "--batch", "64", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("warning");
        assertThat(Files.readString(out.resolve("inspect.txt"))).isEqualTo(r.out());
        assertThat(new ObjectMapper().readTree(out.resolve("inspect.json").toFile()).get("inits")).hasSize(3);
        for (String name : List.of("forward.png", "backward.png")) {
            byte[] png = Files.readAllBytes(out.resolve(name));
            assertThat(png).as(name).startsWith(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            assertThat(image).as(name).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
        }
        assertThat(out.resolve("forward.png.tmp")).doesNotExist();
    }

    @Test
    void perLayerChartSkipsValuesALogAxisCannotShow() throws Exception {
        java.util.Map<String, double[]> values = new java.util.LinkedHashMap<>();
        values.put("zeros", new double[] {0, 0, 0});
        values.put("broken", new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1});
        values.put("he-normal", new double[] {0.8, 0, 1.2});
        org.jfree.chart.JFreeChart chart = Charts.perLayer("t", "std", values);
        org.jfree.chart.plot.XYPlot plot = chart.getXYPlot();
        assertThat(plot.getDataset().getSeriesCount()).isEqualTo(3);
        assertThat(plot.getDataset().getItemCount(0)).isZero();
        assertThat(plot.getDataset().getItemCount(1)).isZero();
        assertThat(plot.getDataset().getItemCount(2)).isEqualTo(2);
        assertThat(plot.getRangeAxis()).isInstanceOf(org.jfree.chart.axis.LogAxis.class);
        assertThat(plot.getRangeAxis().getLowerBound()).isPositive().isLessThan(0.8);
        assertThat(plot.getRangeAxis().getUpperBound()).isGreaterThan(1.2);
        byte[] png = Charts.png(chart);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png))).isNotNull();
        java.util.Map<String, double[]> nothing = java.util.Map.of("zeros", new double[] {0, Double.NaN});
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                Charts.png(Charts.perLayer("t", "std", nothing))))).isNotNull();
    }

    @Test
    void lsuvIsInspectedOnTheSameBatchItRefinesOn() throws Exception {
        Run r = run("inspect", "--json", "--model", "mlp:784-64x3-10:tanh", "--init", "lsuv(pre=xavier-normal)");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode layers = new ObjectMapper().readTree(r.out()).get("inits").get(0).get("layers");
        for (JsonNode layer : layers) {
            double std = layer.get("preactivation_std").asDouble();
            assertThat(std * std).isBetween(0.9, 1.1);
            assertThat(layer.get("weight_std_theory").isNull()).isTrue();
        }
    }

    @Test
    void badInputsAreOneLineErrorsWithExitCode2() {
        assertOneLineError(run("inspect", "--model", "mlp:784-x"), "bad model spec 'mlp:784-x'");
        assertOneLineError(run("inspect", "--init", "he-normla"), "did you mean 'he-normal'?");
        assertOneLineError(run("inspect", "--model", "mlp:500-10"),
                "--input data feeds the bundled MNIST digits (784 features) but model mlp:500-10 expects 500 inputs; "
                        + "use --input gaussian");
        assertOneLineError(run("inspect", "--batch", "0"), "--batch must be >= 1, got 0");
        assertOneLineError(run("inspect", "--init", "lsuv(pre=zeros)", "--model", "mlp:784-8-10"),
                "output variance of 0.weight on the probe batch is 0.0");
    }

    @Test
    void theHostPassesTakeTheGivenThreadCountAndGiveTheSameNumbersForAny() {
        String[] args = {"inspect", "--json", "--model", "mlp:784-64x2-10:tanh", "--init", "lsuv,he-normal",
            "--threads", "1"};
        Run one = run(args);
        args[args.length - 1] = "3";
        Run three = run(args);

        assertThat(one.code()).as(one.err()).isZero();
        assertThat(three.code()).as(three.err()).isZero();
        assertThat(three.out()).isEqualTo(one.out());
        assertOneLineError(run("inspect", "--threads", "0"), "--threads must be >= 1, got 0");
    }

    private static void assertOneLineError(Run r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("initlab: ").contains(fragment).doesNotContain("\tat ");
    }

    @Test
    void initRulesOverrideMatchingParametersAsInCompare() {
        Run r = run("inspect", "--model", "cnn:1x12x12-c4k3p1-c4k3p1-10:relu", "--init", "he-normal", "--init-rule",
                "2.weight=dirac", "--input", "gaussian", "--batch", "16", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        // dirac passes each channel through unchanged: the weight std is that of a one-hot 4x4x3x3 kernel
        double std = Math.sqrt(4.0 / 144 - Math.pow(4.0 / 144, 2));
        com.fasterxml.jackson.databind.JsonNode layer = readJson(r.out()).get("inits").get(0).get("layers").get(1);
        assertThat(layer.get("name").asText()).isEqualTo("2");
        assertThat(layer.get("weight_std").asDouble()).isCloseTo(std, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(layer.get("weight_std_theory").asDouble()).isCloseTo(std, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(run("inspect", "--init-rule", "nonsense").err()).contains("bad init rule 'nonsense'");
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code initlab coord-check} end to end on tiny widths. */
class CoordCheckCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheTableTheLongCsvTheJsonAndAReportWithOneChartPerLayer() throws Exception {
        Path out = tmp.resolve("coord");
        InspectCommandTest.Run r = InspectCommandTest.run("coord-check", "--model", "mlp:784-{width}-{width}-10",
                "--widths", "8,16,32", "--parametrization", "mup(base_width=8)", "--steps", "2", "--seeds", "2",
                "--batch-size", "16", "--probe", "32", "--threads", "1", "--backend", "native", "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("initlab coord-check: mlp:784-{width}-{width}-10, widths 8,16,32, "
                + "mup(base_width=8), adam(lr=0.01), init he-normal, bias zeros, 2 steps, 2 seeds, batch 16, probe 32");
        assertThat(lines.get(2)).contains("layer", "b at steps 1..2", "|x-x0| w=8", "|x-x0| w=32", "verdict");
        assertThat(lines.subList(3, lines.size())).hasSize(5).extracting(l -> l.split("\\s+")[0] + " "
                + l.split("\\s+")[1]).containsExactly("0 dense", "1 relu", "2 dense", "3 relu", "4 dense");
        assertThat(lines.subList(3, lines.size())).allMatch(l -> l.matches(".*(stable|grows with width \\(exponent "
                + "-?\\d\\.\\d\\d\\)|vanishes with width \\(exponent -\\d\\.\\d\\d\\))$"));

        List<String> csv = Files.readAllLines(out.resolve("coord_check.csv"));
        assertThat(csv.get(0)).isEqualTo("width,seed,step,layer,kind,mean_abs,mean_abs_change");
        // 3 widths x 3 steps (0..2) x 5 layers, for each of 2 seeds and for their mean
        assertThat(csv).hasSize(1 + 3 * 3 * 5 * 3);
        assertThat(csv).filteredOn(l -> l.startsWith("16,mean,0,")).hasSize(5)
                .allMatch(l -> l.endsWith(",0.0"));
        double seed0 = value(csv, "32,0,2,4,dense,");
        double seed1 = value(csv, "32,1,2,4,dense,");
        assertThat(value(csv, "32,mean,2,4,dense,")).isCloseTo((seed0 + seed1) / 2, org.assertj.core.api.Assertions
                .within(1e-12));

        JsonNode json = new ObjectMapper().readTree(out.resolve("coord_check.json").toFile());
        assertThat(json.get("settings").get("widths")).extracting(JsonNode::asInt).containsExactly(8, 16, 32);
        assertThat(json.get("settings").get("parametrization").asText()).isEqualTo("mup(base_width=8)");
        assertThat(json.get("settings").get("backend").asText()).isEqualTo("native");
        assertThat(json.get("stable_exponent").asDouble()).isEqualTo(0.25);
        assertThat(json.get("layers")).hasSize(5);
        for (JsonNode layer : json.get("layers")) {
            assertThat(layer.get("change_exponents")).hasSize(2);
            assertThat(layer.get("size_exponents")).hasSize(3);
            assertThat(layer.get("verdict").asText()).isIn("stable", "grows", "vanishes", "undefined");
            int step = layer.get("step").asInt();
            assertThat(layer.get("exponent").asDouble())
                    .isEqualTo(layer.get("change_exponents").get(step - 1).asDouble());
        }

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<table>", "mup(base_width=8)", "Layer 4 dense");
        Matcher images = Pattern.compile("src=\"data:image/png;base64,").matcher(html);
        int count = 0;
        while (images.find()) {
            count++;
        }
        assertThat(count).isEqualTo(5);
    }

    private static double value(List<String> csv, String prefix) {
        String line = csv.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        return Double.parseDouble(line.split(",")[5]);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--model mlp:784-64-10|has no {width} placeholder",
        "--widths 64|--widths needs at least 2 widths to compare, got 1",
        "--widths 0,64|--widths: every width must be >= 1, got 0",
        "--widths 64,64|--widths: width 64 is given twice",
        "--parametrization foo|unknown parametrization 'foo'",
        "--model cnn:1x28x28-c4k{width}-10 --widths 3,40|--model with width 40: bad model spec",
        "--model mlp:10-{width}-10 --widths 4,8|expects 10 inputs",
        "--steps 0 --widths 4,8|--steps must be >= 1, got 0"})
    void badInputIsOneLineAndExitCodeTwo(String args, String message) {
        InspectCommandTest.Run r = InspectCommandTest.run(("coord-check " + args).split(" "));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("initlab: ").contains(message);
    }
}

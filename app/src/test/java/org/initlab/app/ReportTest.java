package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html, report.md and the charts of compare --out, and the statistics behind them. */
class ReportTest {
    @TempDir
    Path tmp;

    @Test
    void welchTestMatchesAHandComputedValue() {
        // a = 1..5 (mean 3, var 2.5), b = 2,4,..,10 (mean 6, var 10): t = -3 / sqrt(2.5/5 + 10/5) = -1.8974,
        // Welch-Satterthwaite df = 2.5^2 / (0.5^2/4 + 2^2/4) = 5.8824, two-sided p = 0.107531
        double p = Statistics.welchP(List.of(1.0, 2.0, 3.0, 4.0, 5.0), List.of(2.0, 4.0, 6.0, 8.0, 10.0))
                .orElseThrow();
        assertThat(p).isCloseTo(0.1075312, within(1e-6));
        assertThat(Statistics.welchP(List.of(1.0), List.of(2.0, 3.0))).isEmpty();
        assertThat(Statistics.welchP(List.of(1.0, 1.0), List.of(2.0, 2.0))).isEmpty();
    }

    @Test
    void confidenceIntervalUsesStudentsT() {
        // mean 0.94, s = 0.01, t(0.975, 2) = 4.302653: 0.94 ± 4.302653 * 0.01 / sqrt(3) = 0.94 ± 0.0248414
        Statistics.Interval ci = Statistics.confidence95(List.of(0.94, 0.95, 0.93)).orElseThrow();
        assertThat(ci.low()).isCloseTo(0.9151586, within(1e-6));
        assertThat(ci.high()).isCloseTo(0.9648414, within(1e-6));
        assertThat(Statistics.confidence95(List.of(0.5))).isEmpty();
    }

    @Test
    void compareWritesASelfContainedReportWithChartsTableAndProvenance() throws Exception {
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("compare", "--init", "zeros,he-normal", "--seeds", "2", "--epochs", "2",
                "--train-limit", "300", "--test-limit", "100", "--model", "mlp:784-32-10", "--quiet",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("http://").doesNotContain("https://")
                .doesNotContain("<script");
        Matcher images = Pattern.compile("<img id=\"(\\w+)\"[^>]* src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
                .matcher(html);
        int charts = 0;
        while (images.find()) {
            byte[] png = Base64.getDecoder().decode(images.group(2));
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            charts++;
        }
        assertThat(charts).isEqualTo(3);
        assertThat(html).contains("<img id=\"accuracy\"").contains("<img id=\"loss\"")
                .contains("<img id=\"layer_std\"");
        Matcher rows = Pattern.compile("<tr class=\"init\"><td>([^<]+)</td>").matcher(html);
        assertThat(rows.results().map(m -> m.group(1)).toList()).containsExactly("zeros", "he-normal");
        assertThat(html).contains("95% CI of the mean").contains("epochs to 90%");
        assertThat(html).contains("<tr class=\"pair\"><td>zeros</td><td>he-normal</td>");
        assertThat(html).contains("bundled_mnist_sha256").contains("java_version").contains("initlab_version")
                .contains("<th>seeds</th><td>0, 1</td>");
        assertThat(Files.readAllBytes(out.resolve("accuracy.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(out.resolve("loss.png")).exists();
        assertThat(Files.readString(out.resolve("report.md"))).contains("| zeros |").contains("![test accuracy")
                .contains("Welch");
    }

    @Test
    void reportHasPerLayerActivationStdAtInitializationWithOneRowPerInitializerAndAnImage() throws Exception {
        Path out = tmp.resolve("layers");
        CliTest.Run r = CliTest.run("compare", "--init", "zeros,normal(std=0.01),he-normal", "--seeds", "2",
                "--seed", "7", "--epochs", "1", "--train-limit", "200", "--test-limit", "50", "--model",
                "mlp:784-32-16-10", "--quiet", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("warning");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<h2 id=\"layer-std\">Per-layer activation std at initialization</h2>");
        Matcher image = Pattern.compile("<img id=\"layer_std\"[^>]* src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
                .matcher(html);
        assertThat(image.find()).isTrue();
        byte[] png = Base64.getDecoder().decode(image.group(1));
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png))).isNotNull();
        assertThat(Files.readAllBytes(out.resolve("layer_std.png"))).isEqualTo(png);
        assertThat(html).contains("<th>init</th><th>layer 1 (0: dense 784-&gt;32)</th><th>layer 2 (2: dense 32-&gt;16)</th>"
                + "<th>layer 3 (4: dense 16-&gt;10)</th></tr>");
        Matcher rows = Pattern.compile("<tr class=\"layer-std\"><td>([^<]+)</td>((?:<td class=\"num\">[^<]*</td>)+)")
                .matcher(html);
        List<String> inits = new java.util.ArrayList<>();
        while (rows.find()) {
            inits.add(rows.group(1));
            assertThat(rows.group(2).split("</td>")).hasSize(3);
        }
        assertThat(inits).containsExactly("zeros", "normal(std=0.01)", "he-normal");
        // zeros: every layer outputs exactly its zero bias
        assertThat(html).contains("<tr class=\"layer-std\"><td>zeros</td><td class=\"num\">0</td>");

        // the same numbers as inspect on the run's first seed and the same 128-sample probe of the training data
        List<ActivationStdProfile> expected = InitialActivationProbe.compute(
                new org.initlab.core.experiment.ComparisonRunner(
                        org.initlab.core.init.InitializerRegistry.load(getClass().getClassLoader()), null),
                new org.initlab.core.experiment.ExperimentConfig(org.initlab.core.model.ModelSpec.parse(
                        "mlp:784-32-16-10"), List.of("he-normal"), "zeros", 2, 7,
                        new org.initlab.core.train.TrainingConfig(1, 32,
                                org.initlab.core.optim.OptimizerSpec.parse("sgd"))),
                org.initlab.core.data.BundledMnist.train().head(200));
        assertThat(expected).hasSize(1);
        assertThat(html).contains("<td>he-normal</td>" + String.join("", expected.get(0).stds().stream()
                .map(v -> "<td class=\"num\">" + org.initlab.core.inspect.Verdicts.format(v) + "</td>").toList()));

        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("## Per-layer activation std at initialization")
                .contains("![activation std per layer at initialization](layer_std.png)")
                .contains("| init | layer 1 (0: dense 784->32) | layer 2 (2: dense 32->16) | layer 3 (4: dense 16->10) |")
                .contains("| zeros | 0 | 0 | 0 |").contains("| normal(std=0.01) | ").contains("| he-normal | ");
    }

    @Test
    void layerStatisticsThatFailAreOneWarningLineAndNoSection() {
        org.initlab.core.experiment.ExperimentConfig config = new org.initlab.core.experiment.ExperimentConfig(
                org.initlab.core.model.ModelSpec.parse("mlp:784-8-10"), List.of("he-normal"), "zeros", 1, 0,
                new org.initlab.core.train.TrainingConfig(1, 32, org.initlab.core.optim.OptimizerSpec.parse("sgd")));
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(InitialActivationProbe.computeOrWarn(null, config, null, new java.io.PrintWriter(err))).isEmpty();
        assertThat(err.toString().strip().lines()).singleElement().asString()
                .startsWith("initlab: warning: per-layer activation std at initialization not in the report: ");
    }

    @Test
    void pValuesAreNotAvailableWithOneSeed() throws Exception {
        Path out = tmp.resolve("one");
        CliTest.Run r = CliTest.run("compare", "--init", "xavier-normal,he-normal", "--seeds", "1", "--epochs", "1",
                "--train-limit", "300", "--test-limit", "100", "--model", "mlp:784-16-10", "--quiet",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<td>xavier-normal</td><td>he-normal</td><td class=\"num\">n/a</td>");
    }
}

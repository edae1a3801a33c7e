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
        assertThat(charts).isEqualTo(2);
        assertThat(html).contains("<img id=\"accuracy\"").contains("<img id=\"loss\"");
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

package org.initlab.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.initlab.core.experiment.ComparisonResult;
import org.initlab.core.experiment.InitSummary;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;

/**
 * Writes {@code report.html} (self-contained: the charts are inline PNG data URIs, no script, no network),
 * {@code report.md} and the charts {@code accuracy.png} and {@code loss.png}; given the activation std per
 * layer at initialization ({@link InitialActivationProbe}), also a section "Per-layer activation std at
 * initialization" with a log-scale chart ({@code layer_std.png}) and a table.
 */
final class ReportWriter {
    /** A row of the final table. */
    record Row(InitSummary summary, Optional<Statistics.Interval> ci95) {
    }

    /** One pairwise comparison: Welch's t-test of the final test accuracies over seeds. */
    record Pair(String a, String b, OptionalDouble p) {
    }

    /** The title of the per-layer section. */
    static final String TRAINED_STD_TITLE = "Per-layer activation std after training";
    static final String TRAINED_STD_TEXT = "Activation std of every dense layer after the last epoch, on the "
            + "same probe batch, for each initializer's first seed (compare --layer-stats; layer_stats.json has every "
            + "epoch, every seed and the update-to-weight ratio).";
    static final String LAYER_STD_TITLE = "Per-layer activation std at initialization";

    void write(Path dir, ComparisonResult result, JsonNode config) {
        write(dir, result, config, List.of());
    }

    /**
     * @param dir       the output directory
     * @param result    the comparison
     * @param config    the config and provenance entries
     * @param layerStds the activation std per layer at initialization per initializer; empty: no such section
     */
    void write(Path dir, ComparisonResult result, JsonNode config, List<ActivationStdProfile> layerStds) {
        write(dir, result, config, layerStds, List.of());
    }

    /**
     * @param dir         the output directory
     * @param result      the comparison
     * @param config      the config and provenance entries
     * @param layerStds   the activation std per layer at initialization per initializer; empty: no such section
     * @param trainedStds the activation std per layer after training (compare --layer-stats); empty: no such
     *                    section
     */
    void write(Path dir, ComparisonResult result, JsonNode config, List<ActivationStdProfile> layerStds,
               List<ActivationStdProfile> trainedStds) {
        write(new OutputFiles(dir), result, config, layerStds, trainedStds);
    }

    /**
     * @param files       the output directory, which records each file written
     * @param result      the comparison
     * @param config      the config and provenance entries
     * @param layerStds   the activation std per layer at initialization per initializer; empty: no such section
     * @param trainedStds the activation std per layer after training; empty: no such section
     * @throws UncheckedIOException naming the file that could not be written; the files before it are written
     */
    void write(OutputFiles files, ComparisonResult result, JsonNode config, List<ActivationStdProfile> layerStds,
               List<ActivationStdProfile> trainedStds) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        byte[] accuracy = Charts.accuracy(result);
        byte[] loss = Charts.loss(result);
        byte[] layerPng = layerStds.isEmpty() ? null : LayerStdTables.layerStdChart(layerStds);
        files.write("accuracy.png", accuracy);
        files.write("loss.png", loss);
        if (layerPng != null) {
            files.write("layer_std.png", layerPng);
        }
        files.write("report.html", html(result, config, accuracy, loss, layerStds, layerPng, trainedStds));
        files.write("report.md", markdown(result, config, layerStds, layerPng != null, trainedStds));
    }

    static List<Row> rows(ComparisonResult result) {
        List<Row> rows = new ArrayList<>();
        for (InitSummary s : result.summary()) {
            rows.add(new Row(s, Statistics.confidence95(finalAccuracies(result, s.init()))));
        }
        return rows;
    }

    static List<Pair> pairs(ComparisonResult result) {
        List<Pair> pairs = new ArrayList<>();
        List<InitSummary> s = result.summary();
        for (int i = 0; i < s.size(); i++) {
            for (int j = i + 1; j < s.size(); j++) {
                pairs.add(new Pair(s.get(i).init(), s.get(j).init(), Statistics.welchP(
                        finalAccuracies(result, s.get(i).init()), finalAccuracies(result, s.get(j).init()))));
            }
        }
        return pairs;
    }

    private static List<Double> finalAccuracies(ComparisonResult result, String init) {
        List<Double> values = new ArrayList<>();
        for (TrialResult t : result.trials()) {
            if (t.init().equals(init) && t.status() == TrialStatus.OK && t.last().isPresent()) {
                values.add(t.last().get().testAccuracy());
            }
        }
        return values;
    }

    /** The report's table cells of a row: init, mean ± std, 95% CI, train loss, epochs to 90%, time, trials. */
    static List<String> cells(Row row) {
        InitSummary s = row.summary();
        String acc = Double.isNaN(s.testAccuracyMean()) ? "-"
                : String.format(Locale.ROOT, "%.2f%% ± %s", 100 * s.testAccuracyMean(),
                        SummaryTable.std(s.testAccuracyStd()));
        String ci = row.ci95().map(c -> String.format(Locale.ROOT, "%.2f%% .. %.2f%%", 100 * c.low(), 100 * c.high()))
                .orElse("n/a");
        String loss = Double.isNaN(s.trainLossMean()) ? "-" : String.format(Locale.ROOT, "%.4f", s.trainLossMean());
        String e90 = s.epochsTo90Mean().isPresent()
                ? String.format(Locale.ROOT, "%.1f (%d/%d)", s.epochsTo90Mean().getAsDouble(), s.reached90(), s.trials())
                : "never";
        String trials = s.ok() + " ok" + (s.diverged() > 0 ? ", " + s.diverged() + " diverged" : "")
                + (s.failed() > 0 ? ", " + s.failed() + " failed" : "");
        return List.of(s.init(), acc, ci, loss, e90, String.format(Locale.ROOT, "%.1fs", s.secondsTotal()), trials);
    }

    private static final List<String> HEADER = List.of("init", "test acc mean ± std", "95% CI of the mean",
            "train loss", "epochs to 90%", "time", "trials");

    static String pValue(OptionalDouble p) {
        if (p.isEmpty()) {
            return "n/a";
        }
        return p.getAsDouble() < 1e-4 ? String.format(Locale.ROOT, "%.1e", p.getAsDouble())
                : String.format(Locale.ROOT, "%.4f", p.getAsDouble());
    }

    static Map<String, String> configEntries(JsonNode config) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : config.properties()) {
            JsonNode v = e.getValue();
            String text;
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(item -> items.add(item.asText()));
                text = String.join(", ", items);
            } else {
                text = v.isNull() ? "" : v.asText();
            }
            entries.put(e.getKey(), text);
        }
        return entries;
    }

    static String html(ComparisonResult result, JsonNode config, byte[] accuracyPng, byte[] lossPng) {
        return html(result, config, accuracyPng, lossPng, List.of(), null);
    }

    static String html(ComparisonResult result, JsonNode config, byte[] accuracyPng, byte[] lossPng,
                       List<ActivationStdProfile> layerStds, byte[] layerPng) {
        return html(result, config, accuracyPng, lossPng, layerStds, layerPng, List.of());
    }

    static String html(ComparisonResult result, JsonNode config, byte[] accuracyPng, byte[] lossPng,
                       List<ActivationStdProfile> layerStds, byte[] layerPng, List<ActivationStdProfile> trainedStds) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>initlab report: ").append(esc(result.config().network().spec())).append("</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;"
                        + "color:#222}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;"
                        + "padding:.3em .6em;text-align:left}th{background:#f4f4f4}td.num{text-align:right}"
                        + "img{max-width:100%;height:auto}code{background:#f4f4f4;padding:0 .2em}</style>\n")
                .append("</head>\n<body>\n<h1>initlab compare</h1>\n<p>")
                .append(esc(result.config().network().spec())).append(", ")
                .append(result.config().inits().size()).append(" initializers x ")
                .append(result.config().seedCount()).append(" seeds, ")
                .append(result.config().training().epochs()).append(" epochs, ")
                .append(esc(result.config().training().optimizer().spec())).append(", on ")
                .append(esc(result.backend())).append(" (").append(esc(result.device())).append(")")
                .append(result.complete() ? "" : ". <strong>Incomplete: the run was stopped.</strong>")
                .append("</p>\n");
        h.append("<h2>Final results</h2>\n<table id=\"summary\">\n<tr>");
        HEADER.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr>\n");
        for (Row row : rows(result)) {
            h.append("<tr class=\"init\">");
            List<String> cells = cells(row);
            for (int i = 0; i < cells.size(); i++) {
                h.append(i == 0 ? "<td>" : "<td class=\"num\">").append(esc(cells.get(i))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<p>Final test accuracy over the seeds that finished; the 95% confidence interval uses "
                + "Student's t distribution with n - 1 degrees of freedom.</p>\n");
        h.append("<h2>Test accuracy</h2>\n<img id=\"accuracy\" alt=\"test accuracy per epoch\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(accuracyPng)).append("\">\n");
        h.append("<h2>Training loss</h2>\n<img id=\"loss\" alt=\"training loss per epoch\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(lossPng)).append("\">\n");
        if (!layerStds.isEmpty()) {
            h.append("<h2 id=\"layer-std\">").append(esc(LAYER_STD_TITLE)).append("</h2>\n<p>")
                    .append(esc(LayerStdTables.layerStdText(layerStds))).append("</p>\n");
            if (layerPng != null) {
                h.append("<img id=\"layer_std\" alt=\"activation std per layer at initialization (log scale)\" ")
                        .append("src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(layerPng))
                        .append("\">\n");
            }
            LayerStdTables.layerTableHtml(h, "layer-std", layerStds);
        }
        if (!trainedStds.isEmpty()) {
            h.append("<h2 id=\"trained-std\">").append(esc(TRAINED_STD_TITLE)).append("</h2>\n<p>")
                    .append(esc(TRAINED_STD_TEXT)).append("</p>\n");
            LayerStdTables.layerTableHtml(h, "trained-std", trainedStds);
        }
        h.append("<h2>Pairwise significance</h2>\n<p>Welch's two-sided t-test of the final test accuracies over "
                + "seeds (n/a: fewer than two finished seeds in a group, or no variance).</p>\n<table id=\"pairs\">\n"
                + "<tr><th>initializer A</th><th>initializer B</th><th>p-value</th></tr>\n");
        for (Pair p : pairs(result)) {
            h.append("<tr class=\"pair\"><td>").append(esc(p.a())).append("</td><td>").append(esc(p.b()))
                    .append("</td><td class=\"num\">").append(pValue(p.p())).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Configuration and provenance</h2>\n<table id=\"config\">\n");
        configEntries(config).forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>")
                .append(esc(v)).append("</td></tr>\n"));
        h.append("</table>\n<p>Reproduce with <code>initlab compare -f experiment.yaml</code> in this directory.</p>\n")
                .append("</body>\n</html>\n");
        return h.toString();
    }

    static String markdown(ComparisonResult result, JsonNode config) {
        return markdown(result, config, List.of(), false);
    }

    static String markdown(ComparisonResult result, JsonNode config, List<ActivationStdProfile> layerStds,
                           boolean layerPng) {
        return markdown(result, config, layerStds, layerPng, List.of());
    }

    static String markdown(ComparisonResult result, JsonNode config, List<ActivationStdProfile> layerStds,
                           boolean layerPng, List<ActivationStdProfile> trainedStds) {
        StringBuilder m = new StringBuilder("# initlab compare\n\n");
        m.append(result.config().network().spec()).append(", ").append(result.config().seedCount())
                .append(" seeds, ").append(result.config().training().epochs()).append(" epochs, ")
                .append(result.config().training().optimizer().spec()).append(", on ").append(result.backend())
                .append(" (").append(result.device()).append(")")
                .append(result.complete() ? "" : " - **incomplete: the run was stopped**").append(".\n\n");
        m.append("| ").append(String.join(" | ", HEADER)).append(" |\n|");
        HEADER.forEach(c -> m.append("---|"));
        m.append('\n');
        for (Row row : rows(result)) {
            m.append("| ").append(String.join(" | ", cells(row).stream().map(ReportWriter::md).toList())).append(" |\n");
        }
        m.append("\n![test accuracy per epoch](accuracy.png)\n\n![training loss per epoch](loss.png)\n\n");
        if (!layerStds.isEmpty()) {
            m.append("## ").append(LAYER_STD_TITLE).append("\n\n").append(LayerStdTables.layerStdText(layerStds))
                    .append("\n\n");
            if (layerPng) {
                m.append("![activation std per layer at initialization](layer_std.png)\n\n");
            }
            LayerStdTables.layerTableMarkdown(m, layerStds);
        }
        if (!trainedStds.isEmpty()) {
            m.append("## ").append(TRAINED_STD_TITLE).append("\n\n").append(TRAINED_STD_TEXT).append("\n\n");
            LayerStdTables.layerTableMarkdown(m, trainedStds);
        }
        m.append("## Pairwise significance (Welch's t-test, final test accuracy)\n\n")
                .append("| initializer A | initializer B | p-value |\n|---|---|---|\n");
        for (Pair p : pairs(result)) {
            m.append("| ").append(md(p.a())).append(" | ").append(md(p.b())).append(" | ").append(pValue(p.p()))
                    .append(" |\n");
        }
        m.append("\n## Configuration and provenance\n\n| setting | value |\n|---|---|\n");
        configEntries(config).forEach((k, v) -> m.append("| ").append(md(k)).append(" | ").append(md(v)).append(" |\n"));
        return m.toString();
    }

    static String md(String s) {
        return s.replace("|", "\\|");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

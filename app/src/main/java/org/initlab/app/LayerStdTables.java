package org.initlab.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.inspect.Verdicts;

/**
 * The report's per-layer standard deviation section: the chart, the explanatory text and the tables (HTML and
 * Markdown) of each weighted layer's output std per initializer, at initialization and after training.
 */
final class LayerStdTables {
    private LayerStdTables() {
    }

    /** @return the per-layer chart, or null when it cannot be drawn (the section keeps its table) */
    static byte[] layerStdChart(List<ActivationStdProfile> layerStds) {
        try {
            Map<String, double[]> byInit = new LinkedHashMap<>();
            layerStds.forEach(l -> byInit.putIfAbsent(l.init(), l.values()));
            return Charts.png(Charts.perLayer("Activation std per layer at initialization", "activation std (log)",
                    byInit));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** @return the per-layer table's header: init, then one column per weighted (dense or conv) layer */
    static List<String> layerStdHeader(List<ActivationStdProfile> layerStds) {
        List<String> header = new ArrayList<>();
        header.add("init");
        List<String> names = layerStds.get(0).layers();
        for (int i = 0; i < names.size(); i++) {
            header.add("layer " + (i + 1) + " (" + names.get(i) + ")");
        }
        return header;
    }

    /** @return the per-layer table's cells of one initializer: its spec, then the std of each layer */
    static List<String> layerStdCells(ActivationStdProfile stds) {
        List<String> cells = new ArrayList<>();
        cells.add(stds.init());
        stds.stds().forEach(v -> cells.add(Double.isFinite(v) ? Verdicts.format(v) : "-"));
        return cells;
    }

    static String layerStdText(List<ActivationStdProfile> layerStds) {
        return "Standard deviation of each weighted layer's output (dense or convolution, after the activation and "
                + "any batch norm or pooling that follows it; the logits for the output layer) right after "
                + "initialization, before any training: each plan materialized with the run's first seed and one "
                + "forward pass of a probe batch of at most " + InitialActivationProbe.BATCH + " training samples. "
                + "A variance-preserving initializer keeps it roughly constant with depth; data-dependent "
                + "initializers refine on this batch, so their values may differ slightly from the trained weights'.";
    }

    /** Appends a per-layer std table: {@code <table id="NAME-table">} with one {@code tr.NAME} per row. */
    static void layerTableHtml(StringBuilder h, String name, List<ActivationStdProfile> rows) {
        h.append("<table id=\"").append(name).append("-table\">\n<tr>");
        layerStdHeader(rows).forEach(c -> h.append("<th>").append(ReportWriter.esc(c)).append("</th>"));
        h.append("</tr>\n");
        for (ActivationStdProfile stds : rows) {
            h.append("<tr class=\"").append(name).append("\">");
            List<String> cells = layerStdCells(stds);
            for (int i = 0; i < cells.size(); i++) {
                h.append(i == 0 ? "<td>" : "<td class=\"num\">").append(ReportWriter.esc(cells.get(i)))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** Appends a per-layer std table in Markdown, followed by a blank line. */
    static void layerTableMarkdown(StringBuilder m, List<ActivationStdProfile> rows) {
        List<String> header = layerStdHeader(rows);
        m.append("| ").append(String.join(" | ", header.stream().map(ReportWriter::md).toList())).append(" |\n|");
        header.forEach(c -> m.append("---|"));
        m.append('\n');
        for (ActivationStdProfile stds : rows) {
            m.append("| ").append(String.join(" | ", layerStdCells(stds).stream().map(ReportWriter::md).toList()))
                    .append(" |\n");
        }
        m.append('\n');
    }
}

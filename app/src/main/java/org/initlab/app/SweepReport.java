package org.initlab.app;

import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.initlab.core.sweep.GridPoint;
import org.initlab.core.sweep.SweepTrial;

/**
 * {@code report.html} of a sweep, self-contained (charts inlined as PNG): for every entry of {@code plot:} a
 * heatmap of the value over its two axes with the numbers in a table beside it, and a line chart along
 * {@code x} with one line per value of {@code y}; then the summary of every grid point. Each cell is the mean
 * over the seeds and over the values of any other axes.
 */
final class SweepReport {
    private SweepReport() {
    }

    /**
     * Checks plot entries against the grid before any trial runs.
     *
     * @param plots the entries
     * @param axes  the grid's axes
     * @throws IllegalArgumentException for an axis the grid does not have, x equal to y, or an unknown value
     */
    static void check(List<SweepFile.Plot> plots, List<String> axes) {
        for (SweepFile.Plot p : plots) {
            if (p.panel() != null && (!axes.contains(p.panel()) || p.panel().equals(p.x())
                    || p.panel().equals(p.y()))) {
                throw new IllegalArgumentException("plot: panel must name a grid axis other than x and y ("
                        + String.join(", ", axes) + "), got '" + p.panel() + "'");
            }
            for (String a : new String[] {p.x(), p.y()}) {
                if (a == null || !axes.contains(a)) {
                    throw new IllegalArgumentException("plot: x and y must name grid axes (" + String.join(", ", axes)
                            + "), got " + (a == null ? "nothing" : "'" + a + "'"));
                }
            }
            if (p.x().equals(p.y())) {
                throw new IllegalArgumentException("plot: x and y must be two different axes, got '" + p.x()
                        + "' twice");
            }
            if (!SweepTable.VALUES.contains(p.valueOrDefault())) {
                throw new IllegalArgumentException("plot: unknown value '" + p.value() + "' (known: "
                        + String.join(", ", SweepTable.VALUES) + ")");
            }
        }
    }

    /**
     * Mean value per cell of a plot.
     *
     * @return {@code cells[yi][xi]}, NaN where no finished trial has a finite value
     */
    static double[][] cells(SweepTable table, SweepFile.Plot plot, List<String> xs, List<String> ys) {
        return cells(table, plot, xs, ys, r -> true);
    }

    /**
     * Mean value per cell of a plot over the trials that also pass a filter (one panel's, for a paneled plot).
     *
     * @return {@code cells[yi][xi]}, NaN where no finished trial has a finite value
     */
    static double[][] cells(SweepTable table, SweepFile.Plot plot, List<String> xs, List<String> ys,
                            Predicate<SweepTable.Row> also) {
        double[][] cells = new double[ys.size()][xs.size()];
        for (int yi = 0; yi < ys.size(); yi++) {
            for (int xi = 0; xi < xs.size(); xi++) {
                String xv = xs.get(xi);
                String yv = ys.get(yi);
                cells[yi][xi] = table.mean(plot.valueOrDefault(), r -> xv.equals(value(r.trial(), plot.x()))
                        && yv.equals(value(r.trial(), plot.y())) && also.test(r));
            }
        }
        return cells;
    }

    static String value(SweepTrial t, String axis) {
        return t.point().values().get(axis);
    }

    static void write(Path dir, SweepTable table, Map<String, List<String>> grid, List<SweepFile.Plot> plots,
                      String title) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>initlab sweep</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th{background:#f3f3f3}img{max-width:100%}</style></head><body>\n")
                .append("<h1>initlab sweep</h1>\n<p>").append(esc(title)).append("</p>\n");
        for (SweepFile.Plot p : plots) {
            List<String> xs = grid.get(p.x());
            List<String> ys = grid.get(p.y());
            if (p.panel() != null) {
                panels(h, table, p, grid.get(p.panel()), xs, ys);
                continue;
            }
            double[][] cells = cells(table, p, xs, ys);
            String value = p.valueOrDefault();
            h.append("<h2>").append(esc(value)).append(" over ").append(esc(p.x())).append(" x ").append(esc(p.y()))
                    .append("</h2>\n<p>Each cell: the mean over seeds").append(grid.size() > 2 ? " and the other axes"
                            : "").append(" of the last epoch's value; blank: no finished trial.</p>\n");
            img(h, Charts.png(SweepCharts.heatmap(value + " (" + p.y() + " x " + p.x() + ")", p.x(), xs, p.y(), ys,
                    cells, value)), "heatmap of " + value);
            h.append("<table><tr><th>").append(esc(p.y())).append(" \\ ").append(esc(p.x())).append("</th>");
            xs.forEach(x -> h.append("<th>").append(esc(x)).append("</th>"));
            h.append("</tr>\n");
            for (int yi = ys.size() - 1; yi >= 0; yi--) {
                h.append("<tr><th>").append(esc(ys.get(yi))).append("</th>");
                for (int xi = 0; xi < xs.size(); xi++) {
                    h.append("<td>").append(SweepTable.num(cells[yi][xi])).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
            Map<String, double[]> lines = new LinkedHashMap<>();
            for (int yi = 0; yi < ys.size(); yi++) {
                lines.put(p.y() + "=" + ys.get(yi), cells[yi]);
            }
            img(h, Charts.png(SweepCharts.lines(value + " along " + p.x(), p.x(), xs, value, lines)),
                    "line chart of " + value + " along " + p.x());
        }
        h.append("<h2>Grid points</h2>\n<table><tr><th>point</th>");
        table.axes().forEach(a -> h.append("<th>").append(esc(a)).append("</th>"));
        h.append("<th>trials</th><th>ok</th><th>test acc mean</th><th>std</th><th>min</th><th>max</th></tr>\n");
        for (GridPoint p : table.points()) {
            SweepTable.Summary s = table.summary(p);
            h.append("<tr><td>").append(p.index()).append("</td>");
            table.axes().forEach(a -> h.append("<td>").append(esc(p.values().get(a))).append("</td>"));
            h.append("<td>").append(s.trials()).append("</td><td>").append(s.ok()).append("</td>");
            for (double v : new double[] {s.mean(), s.std(), s.min(), s.max()}) {
                h.append("<td>").append(SweepTable.num(v)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        OutputFiles.writeFile(dir.resolve("report.html"), h.toString());
        if (plots.stream().anyMatch(p -> p.panel() != null)) {
            OutputFiles.writeFile(dir.resolve("sweep_best.csv"), bestCsv(table, grid, plots));
        }
    }

    /**
     * {@code sweep_best.csv}: for every plot entry with a panel axis, the best x of every line of every panel and
     * the panel's shift of the best x per doubling of y.
     */
    static String bestCsv(SweepTable table, Map<String, List<String>> grid, List<SweepFile.Plot> plots) {
        StringBuilder csv = new StringBuilder(SweepTable.csvLine(List.of("x_axis", "y_axis", "panel_axis", "value",
                "panel", "y", "best_x", "best_value", "shift_per_doubling")));
        for (SweepFile.Plot p : plots) {
            if (p.panel() == null) {
                continue;
            }
            Map<String, List<SweepPanels.Best>> byPanel = SweepPanels.Panels.of(table, p, grid.get(p.panel()),
                    grid.get(p.x()), grid.get(p.y())).bestByPanel();
            byPanel.forEach((panel, rows) -> {
                String shift = SweepTable.num(SweepPanels.shiftPerDoubling(rows));
                rows.forEach(b -> csv.append(SweepTable.csvLine(List.of(p.x(), p.y(), p.panel(),
                        p.valueOrDefault(), panel, b.line(), b.x(), SweepTable.num(b.value()), shift))));
            });
        }
        return csv.toString();
    }

    private static void panels(StringBuilder h, SweepTable table, SweepFile.Plot p, List<String> panels,
                               List<String> xs, List<String> ys) {
        String value = p.valueOrDefault();
        h.append("<h2>").append(esc(value)).append(" along ").append(esc(p.x())).append(", one line per ")
                .append(esc(p.y())).append(", one panel per ").append(esc(p.panel())).append("</h2>\n<p>Each point:"
                        + " the mean over seeds").append(table.axes().size() > 3 ? " and the other axes" : "")
                .append(" of the last epoch's value; circled: each line's best (")
                .append(SweepPanels.lowerIsBetter(value) ? "lowest" : "highest").append("); missing: no finished"
                        + " trial with a finite value (diverged).</p>\n");
        SweepPanels.Panels data = SweepPanels.Panels.of(table, p, panels, xs, ys);
        img(h, Charts.png(SweepPanels.chart(value + " along " + p.x() + " by " + p.panel(), p, data, xs, ys),
                Math.max(800, 380 * panels.size()), 480), "line charts of " + value + " along " + p.x()
                + ", one panel per " + p.panel());
        SweepPanels.table(h, p, data);
    }

    private static void img(StringBuilder h, byte[] png, String alt) {
        h.append("<p><img alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"></p>\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

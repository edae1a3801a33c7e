package org.initlab.app;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The paneled line chart of a sweep's {@code plot:} entry that names a {@code panel} axis: one panel per value
 * of that axis, side by side with a shared value axis; in each, the value along {@code x} (along
 * {@code log2 x} when every {@code x} is a positive number, as learning rates are), one line per value of
 * {@code y}, and each line's best point circled (lowest for losses and seconds, highest for accuracy and ok).
 * This is the figure of learning-rate transfer in Yang et al. (2022, "Tensor Programs V", Fig. 1): training loss against log2
 * learning rate, one curve per width, one panel per parametrization.
 *
 * <p>{@link Panels} holds the best {@code x} per panel and line, and {@link #shiftPerDoubling} the least-squares
 * slope of {@code log2(best x)} against {@code log2(y)}: how far the optimum moves when {@code y} (the width)
 * doubles.
 */
final class SweepPanels {
    /** Viridis from dark purple to green, without its pale yellow end, which is hard to see on white. */
    private static final Color[] LINES = {new Color(0x440154), new Color(0x414487), new Color(0x2a788e),
            new Color(0x22a884), new Color(0x7ad151), new Color(0xb5a000)};

    private SweepPanels() {
    }

    /**
     * The best point of one line of one panel.
     *
     * @param panel the panel axis's value
     * @param line  the {@code y} axis's value
     * @param x     the best {@code x}, as written in the grid
     * @param value the mean value there
     */
    record Best(String panel, String line, String x, double value) {
    }

    /**
     * @param value one of {@link SweepTable#VALUES}
     * @return whether a lower value is better (losses, seconds)
     */
    static boolean lowerIsBetter(String value) {
        return value.endsWith("_loss") || value.equals("seconds");
    }

    /**
     * The cell means of every panel of a paneled plot and the best point of every line, computed once for the
     * chart, the table and {@code sweep_best.csv}.
     *
     * @param names the panel axis's values
     * @param cells per panel, {@code cells[yi][xi]}: the means over seeds and the axes not shown, NaN where no
     *              finished trial has a finite value
     * @param best  the best point of every line that has a finite value, panel-major
     */
    record Panels(List<String> names, List<double[][]> cells, List<Best> best) {
        /**
         * @param table  the sweep's results
         * @param plot   the entry, with a panel axis
         * @param panels the panel axis's values
         * @param xs     the x axis's values
         * @param ys     the y axis's values
         * @return the panels' cells and best points
         */
        static Panels of(SweepTable table, SweepFile.Plot plot, List<String> panels, List<String> xs,
                         List<String> ys) {
            boolean lower = lowerIsBetter(plot.valueOrDefault());
            List<double[][]> cells = new ArrayList<>();
            List<Best> best = new ArrayList<>();
            for (String panel : panels) {
                double[][] c = SweepReport.cells(table, plot, xs, ys,
                        r -> panel.equals(SweepReport.value(r.trial(), plot.panel())));
                cells.add(c);
                for (int yi = 0; yi < ys.size(); yi++) {
                    int at = -1;
                    for (int xi = 0; xi < xs.size(); xi++) {
                        double v = c[yi][xi];
                        if (Double.isFinite(v) && (at < 0 || (lower ? v < c[yi][at] : v > c[yi][at]))) {
                            at = xi;
                        }
                    }
                    if (at >= 0) {
                        best.add(new Best(panel, ys.get(yi), xs.get(at), c[yi][at]));
                    }
                }
            }
            return new Panels(List.copyOf(panels), List.copyOf(cells), List.copyOf(best));
        }

        /** @return the best points grouped by panel, in panel order (a panel without one has an empty list) */
        Map<String, List<Best>> bestByPanel() {
            Map<String, List<Best>> byPanel = new LinkedHashMap<>();
            names.forEach(p -> byPanel.put(p, new ArrayList<>()));
            best.forEach(b -> byPanel.get(b.panel()).add(b));
            return byPanel;
        }
    }

    /**
     * The least-squares slope of {@code log2(best x)} against {@code log2(y)} over one panel's lines: the shift
     * of the optimum, in factors of two of {@code x}, per doubling of {@code y}.
     *
     * @param best  the best points of one panel
     * @return the slope; NaN when fewer than two lines have a best point or an {@code x} or {@code y} is not a
     *         positive number
     */
    static double shiftPerDoubling(List<Best> best) {
        List<double[]> points = new ArrayList<>();
        for (Best b : best) {
            double x = positive(b.x());
            double y = positive(b.line());
            if (!(x > 0) || !(y > 0)) {
                return Double.NaN;
            }
            points.add(new double[] {log2(y), log2(x)});
        }
        if (points.size() < 2) {
            return Double.NaN;
        }
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    /**
     * @param title  the chart's title
     * @param plot   the entry, with a panel axis
     * @param data   its panels' cells and best points
     * @param xs     the x axis's values
     * @param ys     the y axis's values
     * @return one panel per value of the panel axis, sharing the value axis
     */
    static JFreeChart chart(String title, SweepFile.Plot plot, Panels data, List<String> xs, List<String> ys) {
        List<String> panels = data.names();
        boolean logX = xs.stream().allMatch(x -> positive(x) > 0);
        NumberAxis valueAxis = new NumberAxis(plot.valueOrDefault());
        valueAxis.setAutoRangeIncludesZero(false);
        CombinedRangeXYPlot combined = new CombinedRangeXYPlot(valueAxis);
        combined.setGap(12);
        List<Best> best = data.best();
        for (String panel : panels) {
            double[][] cells = data.cells().get(panels.indexOf(panel));
            XYSeriesCollection lineData = new XYSeriesCollection();
            XYSeriesCollection marks = new XYSeriesCollection();
            for (int yi = 0; yi < ys.size(); yi++) {
                String name = plot.y() + "=" + ys.get(yi);
                XYSeries line = new XYSeries(panels.indexOf(panel) == 0 ? name : name + " ", false, true);
                for (int xi = 0; xi < xs.size(); xi++) {
                    if (Double.isFinite(cells[yi][xi])) {
                        line.add(logX ? log2(positive(xs.get(xi))) : xi, cells[yi][xi]);
                    }
                }
                lineData.addSeries(line);
                XYSeries mark = new XYSeries("best " + name + " " + panel, false, true);
                String yv = ys.get(yi);
                best.stream().filter(b -> b.panel().equals(panel) && b.line().equals(yv)).findFirst()
                        .ifPresent(b -> mark.add(logX ? log2(positive(b.x())) : xs.indexOf(b.x()), b.value()));
                marks.addSeries(mark);
            }
            ValueAxis x = logX ? log2Axis() : new org.jfree.chart.axis.SymbolAxis(plot.x(), xs.toArray(String[]::new));
            x.setLabel(plot.panel() + "=" + panel + ": " + (logX ? "log2 " : "") + plot.x());
            XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
            XYLineAndShapeRenderer circles = new XYLineAndShapeRenderer(false, true);
            for (int i = 0; i < ys.size(); i++) {
                Color c = LINES[ys.size() == 1 ? 0 : i * (LINES.length - 1) / (ys.size() - 1)];
                lines.setSeriesPaint(i, c);
                lines.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
                circles.setSeriesPaint(i, c);
                circles.setSeriesShape(i, new Ellipse2D.Double(-7, -7, 14, 14));
                circles.setSeriesShapesFilled(i, false);
                circles.setSeriesOutlineStroke(i, new BasicStroke(2f));
                circles.setSeriesVisibleInLegend(i, false);
                lines.setSeriesVisibleInLegend(i, panels.indexOf(panel) == 0);
            }
            circles.setUseOutlinePaint(false);
            circles.setDrawOutlines(true);
            XYPlot sub = new XYPlot(lineData, x, null, lines);
            sub.setDataset(1, marks);
            sub.setRenderer(1, circles);
            sub.setBackgroundPaint(Color.WHITE);
            sub.setDomainGridlinePaint(new Color(0xdddddd));
            sub.setRangeGridlinePaint(new Color(0xdddddd));
            combined.add(sub, 1);
        }
        cap(valueAxis, plot, data);
        JFreeChart chart = new JFreeChart(title, new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 15),
                combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * For a value where lower is better, limits the value axis to 1.25 times the largest value at the smallest
     * {@code x} of any line, as the paper's figures do: a diverging line leaves the chart instead of squashing
     * the others; otherwise the axis fits every point.
     */
    private static void cap(NumberAxis axis, SweepFile.Plot plot, Panels data) {
        if (!lowerIsBetter(plot.valueOrDefault())) {
            return;
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        double start = Double.NEGATIVE_INFINITY;
        for (double[][] panel : data.cells()) {
            for (double[] line : panel) {
                boolean first = true;
                for (double v : line) {
                    if (Double.isFinite(v)) {
                        low = Math.min(low, v);
                        high = Math.max(high, v);
                        if (first) {
                            start = Math.max(start, v);
                            first = false;
                        }
                    }
                }
            }
        }
        double top = Math.min(high, 1.25 * start);
        if (Double.isFinite(low) && top > low) {
            double margin = 0.05 * (top - low);
            axis.setRange(low - margin, top + margin);
        }
    }

    /**
     * The best-point table and the shift per doubling, as HTML.
     *
     * @param h      receives the HTML
     * @param plot   the entry
     * @param data   its panels' cells and best points
     */
    static void table(StringBuilder h, SweepFile.Plot plot, Panels data) {
        h.append("<table><tr><th>").append(SweepReport.esc(plot.panel())).append("</th><th>")
                .append(SweepReport.esc(plot.y())).append("</th><th>best ").append(SweepReport.esc(plot.x()))
                .append("</th><th>").append(SweepReport.esc(plot.valueOrDefault())).append("</th></tr>\n");
        Map<String, List<Best>> byPanel = data.bestByPanel();
        byPanel.forEach((panel, rows) -> rows.forEach(b -> h.append("<tr><td>").append(SweepReport.esc(panel))
                .append("</td><td>").append(SweepReport.esc(b.line())).append("</td><td>")
                .append(SweepReport.esc(b.x())).append("</td><td>").append(SweepTable.num(b.value()))
                .append("</td></tr>\n")));
        h.append("</table>\n<p>Shift of the best ").append(SweepReport.esc(plot.x())).append(" per doubling of ")
                .append(SweepReport.esc(plot.y())).append(" (least-squares slope of log2 best ")
                .append(SweepReport.esc(plot.x())).append(" against log2 ").append(SweepReport.esc(plot.y()))
                .append("): ");
        List<String> parts = new ArrayList<>();
        byPanel.forEach((panel, rows) -> parts.add(SweepReport.esc(plot.panel() + "=" + panel) + ": "
                + shiftText(shiftPerDoubling(rows))));
        h.append(String.join("; ", parts)).append(".</p>\n");
    }

    static String shiftText(double shift) {
        return Double.isFinite(shift) ? String.format(Locale.ROOT, "%+.2f", shift) : "n/a";
    }

    private static NumberAxis log2Axis() {
        NumberAxis axis = new NumberAxis();
        axis.setAutoRangeIncludesZero(false);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return axis;
    }

    private static double positive(String text) {
        try {
            double v = Double.parseDouble(text.strip());
            return v > 0 && Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}

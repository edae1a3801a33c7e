package org.initlab.app;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.initlab.core.width.CoordinateCheckResult;
import org.initlab.core.width.CoordinateSize;
import org.initlab.core.width.ProbedLayer;
import org.initlab.core.width.WidthTrend;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code report.html} of {@code initlab coord-check}, self-contained like the sweep report (charts inlined as
 * PNG): the verdict table, then one chart per layer in the style of the {@code mup} package's
 * {@code plot_coord_data}: width on a log2 axis, the size on a log axis, one line per step (step 0 is
 * initialization); the upper panel is the mean {@code |x|}, the lower one the mean {@code |x - x0|} the verdict
 * judges.
 */
final class CoordCheckReport {
    /** The report's file name. */
    static final String FILE = "report.html";
    /** From light to dark: later steps are darker, as the eye reads time. */
    private static final Color EARLY = new Color(0x9ecae1);
    private static final Color LATE = new Color(0x08306b);

    private CoordCheckReport() {
    }

    /**
     * @param heading what ran
     * @param result  the measurements
     * @param means   their means over seeds
     * @param trends  the verdicts
     * @return the page
     */
    static String html(String heading, CoordinateCheckResult result, List<CoordinateSize> means,
                       List<WidthTrend> trends) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>initlab coord-check</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th{background:#f3f3f3}img{max-width:100%}</style></head><body>\n")
                .append("<h1>initlab coord-check</h1>\n<p>").append(SweepReport.esc(heading)).append("</p>\n")
                .append(String.format(Locale.ROOT, "<p>Per layer: the mean absolute output over the probe batch "
                        + "(mean over seeds) and its change since initialization, after each optimizer step. The "
                        + "exponent b of width<sup>b</sup> is fitted by least squares on log-log at step %d; the "
                        + "verdict judges the change (|b| &le; %.2f: stable).</p>%n", result.steps(),
                        WidthTrend.STABLE_EXPONENT));
        h.append("<table><tr><th>layer</th><th>kind</th><th>b of |x|</th><th>b of |x - x0|</th><th>verdict</th></tr>\n");
        for (WidthTrend t : trends) {
            h.append("<tr><td>").append(SweepReport.esc(t.layer().path())).append("</td><td>")
                    .append(SweepReport.esc(t.layer().kind())).append("</td><td>").append(exponent(t.sizeExponent()))
                    .append("</td><td>").append(exponent(t.exponent())).append("</td><td>")
                    .append(SweepReport.esc(t.description())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (WidthTrend t : trends) {
            h.append("<h2>Layer ").append(SweepReport.esc(t.layer().label())).append(": ")
                    .append(SweepReport.esc(t.description())).append("</h2>\n");
            byte[] png = Charts.png(chart(t.layer(), result, means));
            h.append("<p><img alt=\"coordinate sizes of layer ").append(SweepReport.esc(t.layer().label()))
                    .append(" against width\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png)).append("\"></p>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /**
     * @param layer  the layer
     * @param result the measurements (for the widths and steps)
     * @param means  the means over seeds
     * @return two panels over a shared log2 width axis: mean |x| and mean |x - x0|, one line per step
     */
    static JFreeChart chart(ProbedLayer layer, CoordinateCheckResult result, List<CoordinateSize> means) {
        LogAxis width = new LogAxis("width (log2)");
        width.setBase(2);
        width.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        int first = result.widths().get(0);
        int last = result.widths().get(result.widths().size() - 1);
        width.setRange(first / 1.2, last * 1.2);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(width);
        plot.setGap(8);
        plot.add(panel(layer, result, means, false), 1);
        plot.add(panel(layer, result, means, true), 1);
        return Charts.framed("Layer " + layer.label() + ": coordinate size against width", plot);
    }

    private static XYPlot panel(ProbedLayer layer, CoordinateCheckResult result, List<CoordinateSize> means,
                                boolean change) {
        XYSeriesCollection data = new XYSeriesCollection();
        int steps = result.steps();
        for (int step = change ? 1 : 0; step <= steps; step++) {
            XYSeries series = new XYSeries((change ? "change, " : "") + "step " + step + (step == 0 ? " (init)" : ""),
                    true, false);
            for (CoordinateSize m : means) {
                double v = change ? m.meanAbsChange() : m.meanAbs();
                if (m.step() == step && m.layer().equals(layer) && Double.isFinite(v) && v > 0) {
                    series.add(m.width(), v);
                }
            }
            data.addSeries(series);
        }
        LogAxis size = new LogAxis(change ? "mean |x - x0| (log)" : "mean |x| (log)");
        size.setBase(10);
        size.setAutoRangeMinimumSize(0.5);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            int step = change ? i + 1 : i;
            renderer.setSeriesPaint(i, blend(steps == 0 ? 1 : (double) step / steps));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot panel = new XYPlot(data, null, size, renderer);
        panel.setBackgroundPaint(Color.WHITE);
        panel.setDomainGridlinePaint(new Color(0xdddddd));
        panel.setRangeGridlinePaint(new Color(0xdddddd));
        return panel;
    }

    private static Color blend(double t) {
        return new Color((int) Math.round(EARLY.getRed() + t * (LATE.getRed() - EARLY.getRed())),
                (int) Math.round(EARLY.getGreen() + t * (LATE.getGreen() - EARLY.getGreen())),
                (int) Math.round(EARLY.getBlue() + t * (LATE.getBlue() - EARLY.getBlue())));
    }

    private static String exponent(double b) {
        return Double.isFinite(b) ? String.format(Locale.ROOT, "%.2f", b) : "-";
    }
}

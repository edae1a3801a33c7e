package org.initlab.app;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.text.DecimalFormat;
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
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code report.html} of {@code initlab coord-check}, self-contained like the sweep report (charts inlined as
 * PNG): the verdict table, then one chart per layer in the style of the {@code mup} package's
 * {@code plot_coord_data}: width on a log2 axis, the size on a log axis, one line per step (step 0 is
 * initialization), later steps darker; the upper panel is the mean {@code |x|}, the lower one (same colours) the
 * mean {@code |x - x0|} the verdict judges. Unlike {@code plot_coord_data}, which draws one panel per step with
 * a line per module, a chart here is one layer, so that its growth over the steps is seen at a glance.
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
                        + "(mean over seeds) and its change since initialization, at initialization (step 0) and "
                        + "after each optimizer step. At every step the exponent b of width<sup>b</sup> is fitted by "
                        + "least squares on log-log; the verdict judges the change at the step where |b| is largest "
                        + "(|b| &le; %.2f: stable).</p>%n", WidthTrend.STABLE_EXPONENT));
        h.append("<table><tr><th>layer</th><th>kind</th>");
        for (int t = 1; t <= result.steps(); t++) {
            h.append("<th>b of |x - x0|, step ").append(t).append("</th>");
        }
        h.append("<th>b of |x|, step ").append(result.steps()).append("</th><th>judged step</th><th>verdict</th></tr>\n");
        for (WidthTrend t : trends) {
            h.append("<tr><td>").append(SweepReport.esc(t.layer().path())).append("</td><td>")
                    .append(SweepReport.esc(t.layer().kind())).append("</td>");
            t.changeExponents().forEach(b -> h.append("<td>").append(CoordCheckOutput.exponent(b)).append("</td>"));
            h.append("<td>").append(CoordCheckOutput.exponent(t.sizeExponents().get(result.steps())))
                    .append("</td><td>").append(t.step()).append("</td><td>")
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
        width.setNumberFormatOverride(new DecimalFormat("0"));
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
            XYSeries series = new XYSeries("step " + step + (step == 0 ? " (init)" : ""), true, false);
            for (CoordinateSize m : means) {
                double v = change ? m.meanAbsChange() : m.meanAbs();
                if (m.step() == step && m.layer().equals(layer) && Double.isFinite(v) && v > 0) {
                    series.add(m.width(), v);
                }
            }
            data.addSeries(series);
        }
        LogAxis size = new LogAxis(change ? "mean |x - x0| (log2)" : "mean |x| (log2)");
        size.setBase(2);
        size.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        size.setNumberFormatOverride(new DecimalFormat("0.###"));
        octaves(size, data);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Shape[] shapes = DefaultDrawingSupplier.createStandardSeriesShapes();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            int step = change ? i + 1 : i;
            renderer.setSeriesPaint(i, blend(steps == 0 ? 1 : (double) step / steps));
            renderer.setSeriesShape(i, shapes[step % shapes.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            // the upper panel's legend names the steps; the lower one draws them in the same colours and shapes
            renderer.setSeriesVisibleInLegend(i, !change);
        }
        XYPlot panel = new XYPlot(data, null, size, renderer);
        panel.setBackgroundPaint(Color.WHITE);
        panel.setDomainGridlinePaint(new Color(0xdddddd));
        panel.setRangeGridlinePaint(new Color(0xdddddd));
        return panel;
    }

    /** At least two whole octaves around the data, so that the axis has labelled powers of two. */
    private static void octaves(LogAxis axis, XYSeriesCollection data) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                double v = Math.log(data.getYValue(s, i)) / Math.log(2);
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        if (!(low <= high)) {
            axis.setRange(0.5, 2);
            return;
        }
        if (high - low < 2) {
            double mid = (low + high) / 2;
            low = mid - 1;
            high = mid + 1;
        }
        double pad = 0.05 * (high - low);
        axis.setRange(Math.pow(2, low - pad), Math.pow(2, high + pad));
    }

    private static Color blend(double t) {
        return new Color((int) Math.round(EARLY.getRed() + t * (LATE.getRed() - EARLY.getRed())),
                (int) Math.round(EARLY.getGreen() + t * (LATE.getGreen() - EARLY.getGreen())),
                (int) Math.round(EARLY.getBlue() + t * (LATE.getBlue() - EARLY.getBlue())));
    }
}

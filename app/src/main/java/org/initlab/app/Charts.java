package org.initlab.app;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.initlab.core.experiment.ComparisonResult;
import org.initlab.core.experiment.SampleStatistics;
import org.initlab.core.inspect.Inspection;
import org.initlab.core.inspect.LayerStatistics;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrialResult;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The charts of the report and of {@code inspect}, drawn with JFreeChart: one metric per epoch, one line per
 * initializer (the mean over its seeds) with a band from the minimum to the maximum over seeds; and one
 * statistic per dense layer at initialization on a log scale, one line per initializer, like Glorot and
 * Bengio's (2010) figures.
 */
final class Charts {
    static final int WIDTH = 800;
    static final int HEIGHT = 450;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Charts() {
    }

    /** @return test accuracy (in %) per epoch, as PNG bytes */
    static byte[] accuracy(ComparisonResult result) {
        return png(chart(result, "Test accuracy per epoch (mean over seeds, band: min..max)", "test accuracy (%)",
                e -> 100 * e.testAccuracy()));
    }

    /** @return mean training loss per epoch, as PNG bytes */
    static byte[] loss(ComparisonResult result) {
        return png(chart(result, "Training loss per epoch (mean over seeds, band: min..max)", "train loss",
                EpochResult::trainLoss));
    }

    static JFreeChart chart(ComparisonResult result, String title, String yLabel,
                            ToDoubleFunction<EpochResult> metric) {
        Map<String, List<TrialResult>> byInit = new LinkedHashMap<>();
        result.trials().forEach(t -> byInit.computeIfAbsent(t.init(), k -> new ArrayList<>()).add(t));
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Map.Entry<String, List<TrialResult>> entry : byInit.entrySet()) {
            YIntervalSeries series = new YIntervalSeries(entry.getKey());
            int maxEpoch = entry.getValue().stream().mapToInt(t -> t.epochs().size()).max().orElse(0);
            for (int epoch = 1; epoch <= maxEpoch; epoch++) {
                List<Double> values = new ArrayList<>();
                for (TrialResult t : entry.getValue()) {
                    if (t.epochs().size() >= epoch) {
                        double v = metric.applyAsDouble(t.epochs().get(epoch - 1));
                        if (Double.isFinite(v)) {
                            values.add(v);
                        }
                    }
                }
                if (!values.isEmpty()) {
                    double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                    double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                    series.add(epoch, SampleStatistics.mean(values), min, max);
                }
            }
            data.addSeries(series);
        }
        NumberAxis x = new NumberAxis("epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.18f);
        return styled(title, data, x, y, renderer);
    }

    /**
     * A statistic per dense layer, one line per initializer, on a log-scale y axis. Values that a log axis
     * cannot show (zero, negative, NaN, infinite) are skipped: the line joins the points around them, and an
     * initializer without any such point keeps only its legend entry.
     *
     * @param title  the chart's title
     * @param yLabel the y axis's label
     * @param byInit the values per initializer, in legend order; element {@code i} belongs to layer {@code i + 1}
     * @return the chart, x = layer index from 1
     */
    static JFreeChart perLayer(String title, String yLabel, Map<String, double[]> byInit) {
        XYSeriesCollection data = new XYSeriesCollection();
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        int layers = 1;
        for (Map.Entry<String, double[]> entry : byInit.entrySet()) {
            XYSeries series = new XYSeries(entry.getKey(), false, true);
            double[] values = entry.getValue();
            layers = Math.max(layers, values.length);
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (Double.isFinite(v) && v > 0) {
                    series.add(i + 1, v);
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
            data.addSeries(series);
        }
        NumberAxis x = new NumberAxis("layer");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRange(false);
        x.setRange(0.8, layers + 0.2);
        LogAxis y = new LogAxis(yLabel);
        y.setBase(10);
        y.setAutoRange(false);
        if (low <= high) {
            // at least a decade, padded, so that a single value or a flat line still gets ticks
            double lo = Math.log10(low);
            double hi = Math.log10(high);
            if (hi - lo < 1) {
                double mid = (lo + hi) / 2;
                lo = mid - 0.5;
                hi = mid + 0.5;
            }
            double pad = 0.05 * (hi - lo);
            y.setRange(Math.pow(10, lo - pad), Math.pow(10, hi + pad));
            if (hi - lo >= 2) {
                // whole decades (10^-3, 10^-2, ...) rather than 10^-2.8
                y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            }
        } else {
            y.setRange(0.1, 10);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        return styled(title, data, x, y, renderer);
    }

    /** @return activation std per dense layer for each inspection, as PNG bytes ({@code forward.png}) */
    static byte[] forward(List<Inspection> inspections) {
        return png(perLayer("Activation std per layer at initialization (forward)", "std of activations (log)",
                perLayerValues(inspections, LayerStatistics::activationStd)));
    }

    /** @return std of dL/da per dense layer for each inspection, as PNG bytes ({@code backward.png}) */
    static byte[] backward(List<Inspection> inspections) {
        return png(perLayer("Gradient std per layer at initialization (backward)",
                "std of dL/d activations (log)", perLayerValues(inspections, LayerStatistics::gradientStd)));
    }

    /**
     * @param inspections the inspections, one per initializer
     * @param statistic   what to plot per layer
     * @return the statistic per layer by initializer spec, in order (a spec seen twice keeps its first values)
     */
    static Map<String, double[]> perLayerValues(List<Inspection> inspections,
                                                ToDoubleFunction<LayerStatistics> statistic) {
        Map<String, double[]> byInit = new LinkedHashMap<>();
        for (Inspection inspection : inspections) {
            byInit.putIfAbsent(inspection.init(),
                    inspection.layers().stream().mapToDouble(statistic).toArray());
        }
        return byInit;
    }

    private static JFreeChart styled(String title, XYDataset data, ValueAxis x, ValueAxis y,
                                     AbstractXYItemRenderer renderer) {
        for (int i = 0; i < data.getSeriesCount(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesFillPaint(i, c);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        return framed(title, plot);
    }

    /**
     * The look every line chart of the reports shares: white background, light grid, bold title, a legend.
     *
     * @param title the chart's title
     * @param plot  its plot
     * @return the chart
     */
    static JFreeChart framed(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    static byte[] png(JFreeChart chart) {
        return png(chart, WIDTH, HEIGHT);
    }

    static byte[] png(JFreeChart chart, int width, int height) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // in memory: ImageIO's file cache registers a shutdown hook, which fails while Ctrl-C stops a run
        javax.imageio.ImageIO.setUseCache(false);
        try {
            return ChartUtils.encodeAsPNG(chart.createBufferedImage(width, height));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a chart: " + e.getMessage(), e);
        }
    }
}

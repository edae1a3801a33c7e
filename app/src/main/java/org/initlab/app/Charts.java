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
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrialResult;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's charts, drawn with JFreeChart: one metric per epoch, one line per initializer (the mean over
 * its seeds) with a band from the minimum to the maximum over seeds.
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
                    series.add(epoch, Statistics.mean(values), min, max);
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
        for (int i = 0; i < data.getSeriesCount(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesFillPaint(i, c);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    static byte[] png(JFreeChart chart) {
        // in memory: ImageIO's file cache registers a shutdown hook, which fails while Ctrl-C stops a run
        javax.imageio.ImageIO.setUseCache(false);
        try {
            return ChartUtils.encodeAsPNG(chart.createBufferedImage(WIDTH, HEIGHT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a chart: " + e.getMessage(), e);
        }
    }
}

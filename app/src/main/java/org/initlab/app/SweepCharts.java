package org.initlab.app;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of a sweep's report: a heatmap of a value over two grid axes (one cell per pair of axis values,
 * in grid order, a colour scale from the lowest to the highest cell), and a line chart along one axis with
 * one line per value of another. Grid values are categories here: the axes show them as written.
 */
final class SweepCharts {
    /** A perceptually ordered scale from dark blue through green to yellow (viridis' end points and middle). */
    private static final Color[] SCALE = {new Color(0x440154), new Color(0x3b528b), new Color(0x21918c),
            new Color(0x5ec962), new Color(0xfde725)};

    private SweepCharts() {
    }

    /**
     * @param title  the chart's title
     * @param xName  the x axis's name
     * @param xs     its values, in grid order
     * @param yName  the y axis's name
     * @param ys     its values, in grid order
     * @param cells  {@code cells[yi][xi]}, NaN for a cell without data (left blank)
     * @param legend the colour legend's label
     * @return the heatmap
     */
    static JFreeChart heatmap(String title, String xName, List<String> xs, String yName, List<String> ys,
                              double[][] cells, String legend) {
        DefaultXYZDataset data = new DefaultXYZDataset();
        int n = xs.size() * ys.size();
        double[][] series = new double[3][n];
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        int k = 0;
        for (int yi = 0; yi < ys.size(); yi++) {
            for (int xi = 0; xi < xs.size(); xi++) {
                series[0][k] = xi;
                series[1][k] = yi;
                series[2][k] = cells[yi][xi];
                if (Double.isFinite(cells[yi][xi])) {
                    low = Math.min(low, cells[yi][xi]);
                    high = Math.max(high, cells[yi][xi]);
                }
                k++;
            }
        }
        data.addSeries("cells", series);
        if (!(low < high)) {
            low = Double.isFinite(low) ? low - 0.5 : 0;
            high = low + 1;
        }
        Scale scale = new Scale(low, high);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        SymbolAxis x = new SymbolAxis(xName, xs.toArray(String[]::new));
        SymbolAxis y = new SymbolAxis(yName, ys.toArray(String[]::new));
        x.setGridBandsVisible(false);
        y.setGridBandsVisible(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, false);
        NumberAxis scaleAxis = new NumberAxis(legend);
        scaleAxis.setRange(low, high);
        PaintScaleLegend bar = new PaintScaleLegend(scale, scaleAxis);
        bar.setPosition(RectangleEdge.RIGHT);
        bar.setStripWidth(14);
        bar.setMargin(4, 8, 40, 4);
        chart.addSubtitle(bar);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * @param title  the chart's title
     * @param xName  the x axis's name
     * @param xs     its values, in grid order
     * @param yLabel the value's label
     * @param lines  one line per legend entry, {@code values[xi]} (NaN: no point)
     * @return the line chart
     */
    static JFreeChart lines(String title, String xName, List<String> xs, String yLabel, Map<String, double[]> lines) {
        XYSeriesCollection data = new XYSeriesCollection();
        lines.forEach((name, values) -> {
            XYSeries s = new XYSeries(name, false, true);
            for (int i = 0; i < values.length; i++) {
                if (Double.isFinite(values[i])) {
                    s.add(i, values[i]);
                }
            }
            data.addSeries(s);
        });
        SymbolAxis x = new SymbolAxis(xName, xs.toArray(String[]::new));
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, SCALE[Math.min(SCALE.length - 1,
                    data.getSeriesCount() == 1 ? 0 : i * (SCALE.length - 1) / (data.getSeriesCount() - 1))]);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        return Charts.framed(title, plot);
    }

    /** A linear colour scale over {@link #SCALE}; NaN is white. */
    private record Scale(double low, double high) implements PaintScale {
        @Override
        public double getLowerBound() {
            return low;
        }

        @Override
        public double getUpperBound() {
            return high;
        }

        @Override
        public java.awt.Paint getPaint(double value) {
            if (!Double.isFinite(value)) {
                return Color.WHITE;
            }
            double t = Math.max(0, Math.min(1, (value - low) / (high - low))) * (SCALE.length - 1);
            int i = Math.min(SCALE.length - 2, (int) t);
            double f = t - i;
            Color a = SCALE[i];
            Color b = SCALE[i + 1];
            return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                    (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                    (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
        }
    }
}

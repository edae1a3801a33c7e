package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPanelsTest {
    private static final String SWEEP = """
            model: "mlp:784-{width}-10"
            grid:
              lr: [0.001, 0.01, 0.1]
              width: [8, 16]
              mom: [0, 0.9]
            init: he-normal
            optimizer: "sgd(lr={lr}, momentum={mom})"
            epochs: 1
            seeds: 2
            train_limit: 200
            test_limit: 100
            threads: 1
            plot:
              - x: lr
                y: width
                value: train_loss
                panel: mom
            """;

    @TempDir
    Path tmp;

    @Test
    void aPanelPlotCirclesTheLowestLossOfEveryLineAndWritesTheBestPointsWithTheirShift() throws Exception {
        Path file = tmp.resolve("s.yaml");
        Files.writeString(file, SWEEP);
        Path out = tmp.resolve("out");
        CliTest.Run r = SweepCommandTest.sweep(file, out, "--quiet");
        assertThat(r.code()).as(r.err()).isZero();

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("alt=\"line charts of train_loss along lr, one panel per mom\"")
                .contains("Shift of the best lr per doubling of width").doesNotContain("heatmap of");

        // the best lr of every (mom, width) line is the argmin of the mean train loss in sweep_points.csv
        List<String> points = Files.readAllLines(out.resolve("sweep_points.csv"));
        List<String> header = List.of(points.get(0).split(","));
        int loss = header.indexOf("train_loss_mean");
        assertThat(loss).isPositive();
        Map<String, String> argmin = new HashMap<>();
        Map<String, Double> min = new HashMap<>();
        for (String line : points.subList(1, points.size())) {
            String[] c = line.split(",");
            String key = c[header.indexOf("mom")] + "/" + c[header.indexOf("width")];
            if (!c[loss].isEmpty() && Double.parseDouble(c[loss]) < min.getOrDefault(key, Double.MAX_VALUE)) {
                min.put(key, Double.parseDouble(c[loss]));
                argmin.put(key, c[header.indexOf("lr")]);
            }
        }
        List<String> best = Files.readAllLines(out.resolve("sweep_best.csv"));
        assertThat(best.get(0)).isEqualTo("x_axis,y_axis,panel_axis,value,panel,y,best_x,best_value,"
                + "shift_per_doubling");
        assertThat(best).hasSize(5);
        for (String line : best.subList(1, best.size())) {
            String[] c = line.split(",");
            assertThat(c[6]).as(line).isEqualTo(argmin.get(c[4] + "/" + c[5]));
            double lr8 = Double.parseDouble(argmin.get(c[4] + "/8"));
            double lr16 = Double.parseDouble(argmin.get(c[4] + "/16"));
            assertThat(Double.parseDouble(c[8])).as(line).isCloseTo(Math.log(lr16 / lr8) / Math.log(2),
                    org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void theShiftPerDoublingIsTheSlopeOfLog2BestXAgainstLog2Y() {
        List<SweepPanels.Best> best = List.of(new SweepPanels.Best("sp", "64", "0.01", 1),
                new SweepPanels.Best("sp", "128", "0.005", 1), new SweepPanels.Best("sp", "256", "0.0025", 1));
        assertThat(SweepPanels.shiftPerDoubling(best)).isCloseTo(-1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(SweepPanels.shiftPerDoubling(best.subList(0, 1))).isNaN();
        assertThat(SweepPanels.shiftPerDoubling(List.of(new SweepPanels.Best("sp", "wide", "0.01", 1),
                new SweepPanels.Best("sp", "128", "0.01", 1)))).isNaN();
        assertThat(SweepPanels.lowerIsBetter("train_loss")).isTrue();
        assertThat(SweepPanels.lowerIsBetter("test_accuracy")).isFalse();
    }

    @Test
    void aPanelAxisMustBeAThirdGridAxis() throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, SWEEP.replace("panel: mom", "panel: lr"));
        CliTest.Run r = SweepCommandTest.sweep(file, tmp.resolve("bad"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("plot: panel must name a grid axis other than x and y").doesNotContain("\n");
    }
}

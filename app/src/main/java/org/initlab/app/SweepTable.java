package org.initlab.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.initlab.core.experiment.SampleStatistics;
import org.initlab.core.sweep.GridPoint;
import org.initlab.core.sweep.SweepTrial;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;

/**
 * The results of a sweep in long format: one {@link Row} per finished trial, with every grid value, and a
 * summary per grid point (mean, std, min and max over its seeds). Written as {@code sweep.csv} (trials),
 * {@code sweep_points.csv} (points) and {@code sweep.json} (both, with the grid and provenance).
 *
 * @param axes the grid's axis names
 * @param rows the finished trials, in sweep order
 */
record SweepTable(List<String> axes, List<Row> rows) {
    /** The values a plot may show, each per trial (the last epoch's, for the epoch metrics). */
    static final List<String> VALUES = List.of("test_accuracy", "test_loss", "train_loss", "seconds", "ok");

    /**
     * One finished trial.
     *
     * @param trial  the trial and its grid point
     * @param result its result
     */
    record Row(SweepTrial trial, TrialResult result) {
        /**
         * @param value one of {@link #VALUES}
         * @return the trial's value, NaN when it has none (a failed trial's accuracy)
         */
        double value(String value) {
            return switch (value) {
                case "test_accuracy" -> result.last().map(EpochResult::testAccuracy).orElse(Double.NaN);
                case "test_loss" -> result.last().map(EpochResult::testLoss).orElse(Double.NaN);
                case "train_loss" -> result.last().map(EpochResult::trainLoss).orElse(Double.NaN);
                case "seconds" -> result.seconds();
                case "ok" -> result.status() == TrialStatus.OK ? 1 : 0;
                default -> throw new IllegalArgumentException("unknown plot value '" + value + "' (known: "
                        + String.join(", ", VALUES) + ")");
            };
        }
    }

    SweepTable {
        axes = List.copyOf(axes);
        rows = List.copyOf(rows);
    }

    /**
     * The mean of a value over the trials that match, ignoring NaN.
     *
     * @param value one of {@link #VALUES}
     * @param which the trials to average
     * @return the mean, NaN when no trial has a finite value
     */
    double mean(String value, Predicate<Row> which) {
        List<Double> values = finite(value, which);
        return values.isEmpty() ? Double.NaN : SampleStatistics.mean(values);
    }

    private List<Double> finite(String value, Predicate<Row> which) {
        List<Double> values = new ArrayList<>();
        for (Row r : rows) {
            if (which.test(r)) {
                double v = r.value(value);
                if (Double.isFinite(v)) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    /** @return the distinct grid points of the finished trials, in sweep order */
    List<GridPoint> points() {
        Map<Integer, GridPoint> points = new LinkedHashMap<>();
        rows.forEach(r -> points.putIfAbsent(r.trial().point().index(), r.trial().point()));
        return List.copyOf(points.values());
    }

    /** Writes sweep.csv, sweep_points.csv and sweep.json into {@code dir}. */
    void write(Path dir, Map<String, List<String>> grid, Map<String, Object> provenance) {
        OutputFiles.writeFile(dir.resolve("sweep.csv"), trialsCsv());
        OutputFiles.writeFile(dir.resolve("sweep_points.csv"), pointsCsv());
        OutputFiles.writeFile(dir.resolve("sweep.json"), json(grid, provenance));
    }

    String trialsCsv() {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("point"));
        header.addAll(axes);
        header.addAll(List.of("seed", "status", "test_accuracy", "test_loss", "train_loss", "epochs", "seconds",
                "samples_per_second", "model", "init", "bias_init", "optimizer", "parametrization", "message"));
        b.append(csvLine(header));
        for (Row r : rows) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(r.trial().point().index())));
            axes.forEach(a -> cells.add(r.trial().point().values().get(a)));
            TrialResult t = r.result();
            cells.addAll(List.of(Long.toString(t.seed()), t.status().jsonName(), num(r.value("test_accuracy")),
                    num(r.value("test_loss")), num(r.value("train_loss")), Integer.toString(t.epochs().size()),
                    num(t.seconds()), num(t.samplesPerSecond()), r.trial().spec().model(),
                    r.trial().spec().weightInit(), r.trial().spec().biasInit(), r.trial().spec().optimizer(),
                    r.trial().spec().parametrization(), t.message().orElse("")));
            b.append(csvLine(cells));
        }
        return b.toString();
    }

    String pointsCsv() {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("point"));
        header.addAll(axes);
        header.addAll(List.of("trials", "ok", "test_accuracy_mean", "test_accuracy_std", "test_accuracy_min",
                "test_accuracy_max", "train_loss_mean"));
        b.append(csvLine(header));
        for (GridPoint p : points()) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(p.index())));
            axes.forEach(a -> cells.add(p.values().get(a)));
            Summary s = summary(p);
            cells.addAll(List.of(Integer.toString(s.trials()), Integer.toString(s.ok()), num(s.mean()), num(s.std()),
                    num(s.min()), num(s.max()), num(s.trainLoss())));
            b.append(csvLine(cells));
        }
        return b.toString();
    }

    /** The summary of one grid point over its seeds. */
    record Summary(int trials, int ok, double mean, double std, double min, double max, double trainLoss) {
    }

    Summary summary(GridPoint p) {
        Predicate<Row> at = r -> r.trial().point().index() == p.index();
        List<Double> acc = finite("test_accuracy", at);
        int trials = (int) rows.stream().filter(at).count();
        int ok = (int) rows.stream().filter(at).filter(r -> r.result().status() == TrialStatus.OK).count();
        return new Summary(trials, ok, acc.isEmpty() ? Double.NaN : SampleStatistics.mean(acc),
                SampleStatistics.std(acc),
                acc.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                acc.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), mean("train_loss", at));
    }

    private String json(Map<String, List<String>> grid, Map<String, Object> provenance) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.set("grid", mapper.valueToTree(grid));
        root.set("provenance", mapper.valueToTree(provenance));
        ArrayNode points = root.putArray("points");
        for (GridPoint p : points()) {
            ObjectNode n = points.addObject();
            n.put("point", p.index());
            n.set("values", mapper.valueToTree(p.values()));
            Summary s = summary(p);
            n.put("trials", s.trials());
            n.put("ok", s.ok());
            TrialJson.number(n, "test_accuracy_mean", s.mean());
            TrialJson.number(n, "test_accuracy_std", s.std());
            TrialJson.number(n, "test_accuracy_min", s.min());
            TrialJson.number(n, "test_accuracy_max", s.max());
            TrialJson.number(n, "train_loss_mean", s.trainLoss());
        }
        ArrayNode trials = root.putArray("trials");
        for (Row r : rows) {
            ObjectNode n = TrialJson.trial(mapper, r.result());
            n.put("point", r.trial().point().index());
            n.set("values", mapper.valueToTree(r.trial().point().values()));
            TrialJson.number(n, "test_accuracy", r.value("test_accuracy"));
            n.set("spec", TrialJson.spec(mapper, r.trial().spec()));
            trials.add(n);
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2")
                .replaceAll("\\.(e|$)", "$1") : "";
    }

    static String csvLine(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
                c = "\"" + c.replace("\"", "\"\"") + "\"";
            }
            b.append(i == 0 ? "" : ",").append(c);
        }
        return b.append('\n').toString();
    }
}

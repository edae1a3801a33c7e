package org.initlab.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.initlab.core.width.CoordinateCheckResult;
import org.initlab.core.width.CoordinateSize;
import org.initlab.core.width.WidthTrend;

/**
 * What {@code initlab coord-check} prints and writes: the verdict table (stdout), {@value #CSV} (one row per
 * width, seed, step and layer, and rows with seed {@code mean} for the means over seeds), {@value #JSON}
 * (the settings and per layer the fitted exponents at every step, the judged step and the verdict) and {@code report.html}
 * ({@link CoordCheckReport}).
 */
final class CoordCheckOutput {
    /** The long-format table. */
    static final String CSV = "coord_check.csv";
    /** The settings and verdicts. */
    static final String JSON = "coord_check.json";

    private final Settings settings;
    private final CoordinateCheckResult result;
    private final List<WidthTrend> trends;
    private final List<CoordinateSize> means;

    /**
     * What the check was run with, as the user gave it.
     *
     * @param model           the model template
     * @param widths          the widths, as given
     * @param parametrization the parametrization's spec
     * @param optimizer       the optimizer's spec
     * @param init            the weight initializer's spec
     * @param biasInit        the bias initializer's spec
     * @param steps           optimizer steps
     * @param seeds           seeds per width
     * @param batchSize       training batch size
     * @param probe           probe samples
     * @param backend         the backend's name
     */
    record Settings(String model, List<Integer> widths, String parametrization, String optimizer, String init,
                    String biasInit, int steps, int seeds, int batchSize, int probe, String backend) {
        Settings {
            widths = List.copyOf(widths);
        }
    }

    /**
     * @param settings the settings
     * @param result   the measurements
     */
    CoordCheckOutput(Settings settings, CoordinateCheckResult result) {
        this.settings = settings;
        this.result = result;
        this.trends = result.trends();
        this.means = result.means();
    }

    /** @return the heading line that says what ran */
    String heading() {
        Settings s = settings;
        return String.format(Locale.ROOT, "initlab coord-check: %s, widths %s, %s, %s, init %s, bias %s, %d step%s, "
                        + "%d seed%s, batch %d, probe %d test digits, backend %s", s.model(),
                result.widths().stream().map(String::valueOf).collect(Collectors.joining(",")), s.parametrization(),
                s.optimizer(), s.init(), s.biasInit(), s.steps(), s.steps() == 1 ? "" : "s", s.seeds(),
                s.seeds() == 1 ? "" : "s", s.batchSize(), s.probe(), s.backend());
    }

    /**
     * @return the verdict table: per layer the exponent of the change since initialization at every step, the
     *         judged step (the largest exponent in absolute value), the change at the smallest and the largest
     *         width at that step (means over seeds) and the verdict
     */
    String table() {
        int first = result.widths().get(0);
        int last = result.widths().get(result.widths().size() - 1);
        StringBuilder sb = new StringBuilder(heading()).append('\n');
        sb.append(String.format(Locale.ROOT, "mean |x - x0| over the probe batch (mean over seeds); b: exponent of "
                + "width^b fitted at each step; verdict on the step with the largest |b| (|b| <= %.2f: stable)%n",
                WidthTrend.STABLE_EXPONENT));
        int labelWidth = Math.max(5, trends.stream().mapToInt(t -> t.layer().label().length()).max().orElse(0));
        String layer = "%-" + labelWidth + "s";
        String exponents = "%-" + Math.max(16, 6 * result.steps()) + "s";
        String[] headers = {"|x-x0| w=" + first, "|x-x0| w=" + last};
        String column = "%" + (Math.max(headers[0].length(), headers[1].length()) + 2) + "s";
        sb.append(String.format(Locale.ROOT, layer + "  " + exponents + " %4s" + column.repeat(2) + "  %s%n", "layer",
                "b at steps 1.." + result.steps(), "step", headers[0], headers[1], "verdict"));
        for (WidthTrend t : trends) {
            String bs = t.changeExponents().stream().map(CoordCheckOutput::exponent)
                    .collect(Collectors.joining(" "));
            sb.append(String.format(Locale.ROOT, layer + "  " + exponents + " %4d" + column.repeat(2) + "  %s%n",
                    t.layer().label(), bs, t.step(), num(at(first, t).meanAbsChange()),
                    num(at(last, t).meanAbsChange()), t.description()));
        }
        return sb.toString();
    }

    /** @return the mean over seeds at a width and the trend's judged step */
    private CoordinateSize at(int width, WidthTrend trend) {
        return means.stream().filter(m -> m.width() == width && m.step() == trend.step()
                && m.layer().equals(trend.layer())).findFirst().orElseThrow();
    }

    /** @return {@value #CSV}: width, seed (or {@code mean}), step, layer, kind, mean_abs, mean_abs_change */
    String csv() {
        StringBuilder sb = new StringBuilder("width,seed,step,layer,kind,mean_abs,mean_abs_change\n");
        for (List<CoordinateSize> rows : List.of(result.samples(), means)) {
            for (CoordinateSize s : rows) {
                sb.append(s.width()).append(',')
                        .append(s.seed().isPresent() ? Long.toString(s.seed().getAsLong()) : "mean").append(',')
                        .append(s.step()).append(',').append(s.layer().path()).append(',').append(s.layer().kind())
                        .append(',').append(s.meanAbs()).append(',').append(s.meanAbsChange()).append('\n');
            }
        }
        return sb.toString();
    }

    /** @return {@value #JSON}: the settings, the widths, the stable threshold and per layer the verdict */
    String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode s = root.putObject("settings");
        s.put("model", settings.model());
        settings.widths().forEach(s.putArray("widths")::add);
        s.put("parametrization", settings.parametrization());
        s.put("optimizer", settings.optimizer());
        s.put("init", settings.init());
        s.put("bias_init", settings.biasInit());
        s.put("steps", settings.steps());
        s.put("seeds", settings.seeds());
        s.put("batch_size", settings.batchSize());
        s.put("probe", settings.probe());
        s.put("backend", settings.backend());
        root.put("stable_exponent", WidthTrend.STABLE_EXPONENT);
        ArrayNode layers = root.putArray("layers");
        for (WidthTrend t : trends) {
            ObjectNode node = layers.addObject();
            node.put("layer", t.layer().path());
            node.put("kind", t.layer().kind());
            number(node, "exponent", t.exponent());
            node.put("step", t.step());
            ArrayNode change = node.putArray("change_exponents");
            t.changeExponents().forEach(b -> number(change, b));
            ArrayNode size = node.putArray("size_exponents");
            t.sizeExponents().forEach(b -> number(size, b));
            node.put("verdict", t.verdict().name().toLowerCase(Locale.ROOT));
            node.put("description", t.description());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@value #CSV}, {@value #JSON} and {@code report.html}; a report that cannot be drawn (no fonts,
     * say) is a warning.
     *
     * @param files the output directory
     * @param warn  receives warnings
     */
    void write(OutputFiles files, Consumer<String> warn) {
        files.write(CSV, csv());
        files.write(JSON, json());
        try {
            files.write(CoordCheckReport.FILE, CoordCheckReport.html(heading(), result, means, trends));
        } catch (RuntimeException | LinkageError e) {
            warn.accept("report not written: " + e);
        }
    }

    private static void number(ObjectNode node, String field, double value) {
        TrialJson.number(node, field, value);
    }

    private static void number(ArrayNode array, double value) {
        if (Double.isFinite(value)) {
            array.add(value);
        } else {
            array.addNull();
        }
    }

    static String exponent(double b) {
        return Double.isFinite(b) ? String.format(Locale.ROOT, "%5.2f", b) : "    -";
    }

    static String num(double value) {
        if (!Double.isFinite(value)) {
            return "-";
        }
        return value == 0 ? "0" : String.format(Locale.ROOT, "%.3g", value);
    }
}

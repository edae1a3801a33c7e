package org.initlab.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.initlab.core.inspect.Inspection;
import org.initlab.core.inspect.ResidualStreamStatistics;

/**
 * The residual stream of {@code inspect} in its three forms, for networks with residual blocks (nothing is
 * added for other networks): a table after the per-layer table, the fields {@code residual_stream} (one object
 * per block) and {@code residual_verdict} of each initializer in the JSON, and {@code residual_stream.csv}
 * (one row per initializer and block). Field names are a public contract: add fields, never rename them.
 */
final class ResidualStreamOutput {
    /** The CSV file {@code inspect --out} writes for a residual network. */
    static final String CSV_FILE = "residual_stream.csv";
    private static final String CSV_HEADER = "init,block,name,description,input_second_moment,"
            + "branch_second_moment,shortcut_second_moment,sum_second_moment,predicted_sum_second_moment,"
            + "output_second_moment,growth";

    private ResidualStreamOutput() {
    }

    /** @return whether some inspection has residual blocks */
    static boolean any(List<Inspection> inspections) {
        return inspections.stream().anyMatch(i -> !i.residualStream().isEmpty());
    }

    /** Adds {@code residual_stream} and {@code residual_verdict} to an initializer's JSON object (with blocks). */
    static void json(ObjectNode node, Inspection inspection) {
        if (inspection.residualStream().isEmpty()) {
            return;
        }
        ArrayNode blocks = node.putArray("residual_stream");
        for (ResidualStreamStatistics b : inspection.residualStream()) {
            ObjectNode o = blocks.addObject();
            o.put("block", b.block());
            o.put("name", b.name());
            o.put("description", b.description());
            number(o, "input_second_moment", b.inputSecondMoment());
            number(o, "branch_second_moment", b.branchSecondMoment());
            number(o, "shortcut_second_moment", b.shortcutSecondMoment());
            number(o, "sum_second_moment", b.sumSecondMoment());
            number(o, "predicted_sum_second_moment", b.predictedSumSecondMoment());
            number(o, "output_second_moment", b.outputSecondMoment());
            number(o, "growth", b.growth());
        }
        inspection.residualVerdict().ifPresent(v -> node.put("residual_verdict", v));
    }

    /** Appends the residual stream table of one initializer, when it has blocks. */
    static void table(StringBuilder sb, Inspection inspection) {
        if (inspection.residualStream().isEmpty()) {
            return;
        }
        sb.append("residual stream per block (predicted = E[s^2] + E[F^2], s the shortcut, F the branch: the sum "
                + "before any post-activation; growth = E[x^2] out / E[x^2] in):\n");
        sb.append(String.format(Locale.ROOT, "%5s %5s %10s %10s %10s %10s %10s %10s %7s  %s%n", "block", "name",
                "E[x^2] in", "E[F^2]", "E[s^2]", "E[sum^2]", "predicted", "E[x^2] out", "growth", "form"));
        for (ResidualStreamStatistics b : inspection.residualStream()) {
            sb.append(String.format(Locale.ROOT, "%5d %5s %10s %10s %10s %10s %10s %10s %7s  %s%n", b.block(),
                    b.name(), cell(b.inputSecondMoment()), cell(b.branchSecondMoment()),
                    cell(b.shortcutSecondMoment()), cell(b.sumSecondMoment()), cell(b.predictedSumSecondMoment()),
                    cell(b.outputSecondMoment()), cell(b.growth()), b.description()));
        }
        inspection.residualVerdict().ifPresent(v -> sb.append("residual verdict: ").append(v).append('\n'));
    }

    /** @return {@code residual_stream.csv}: a header, then one row per initializer and block */
    static String csv(List<Inspection> inspections) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Inspection inspection : inspections) {
            for (ResidualStreamStatistics b : inspection.residualStream()) {
                sb.append(quote(inspection.init())).append(',').append(b.block()).append(',').append(b.name())
                        .append(',').append(quote(b.description()));
                for (double v : new double[] {b.inputSecondMoment(), b.branchSecondMoment(),
                        b.shortcutSecondMoment(), b.sumSecondMoment(), b.predictedSumSecondMoment(),
                        b.outputSecondMoment(), b.growth()}) {
                    sb.append(',').append(Double.isFinite(v) ? Double.toString(v) : "");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static String cell(double value) {
        if (!Double.isFinite(value)) {
            return "-";
        }
        return value == 0 ? "0" : String.format(Locale.ROOT, "%.3g", value);
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}

package org.initlab.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
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
        BlockRowsOutput.json(node, "residual_stream", CSV_HEADER, rows(inspection));
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
        return BlockRowsOutput.csv(CSV_HEADER, inspections, ResidualStreamOutput::rows);
    }

    /** @return one row per block, its numbers in the order of the CSV header's columns from the first moment on */
    private static List<BlockRowsOutput.Row> rows(Inspection inspection) {
        return inspection.residualStream().stream().map(b -> new BlockRowsOutput.Row(b.block(), b.name(),
                b.description(), OptionalInt.empty(), new double[] {b.inputSecondMoment(), b.branchSecondMoment(),
                    b.shortcutSecondMoment(), b.sumSecondMoment(), b.predictedSumSecondMoment(),
                    b.outputSecondMoment(), b.growth()})).toList();
    }

    private static String cell(double value) {
        return BlockRowsOutput.cell(value);
    }
}

package org.initlab.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Function;
import org.initlab.core.inspect.Inspection;

/**
 * What the per-block outputs of {@code inspect} ({@link ResidualStreamOutput}, {@link TransformerBlocksOutput})
 * share: one row per block with its index, name, description (and token count, for transformer blocks), then
 * numbers whose JSON field names are the last columns of the CSV header; and the table cells.
 */
final class BlockRowsOutput {
    private BlockRowsOutput() {
    }

    /**
     * One block of one initializer.
     *
     * @param block       the block index
     * @param name        the block's name
     * @param description its form, in words
     * @param tokens      the token count, for transformer blocks
     * @param values      the numbers, in the order of the CSV header's last columns
     */
    record Row(int block, String name, String description, OptionalInt tokens, double[] values) {
    }

    /**
     * Adds an array of one object per row to an initializer's JSON object; non-finite numbers are {@code null}.
     *
     * @param node      the initializer's object
     * @param field     the array's field name
     * @param csvHeader the CSV header, whose last columns name the numbers
     * @param rows      the rows
     */
    static void json(ObjectNode node, String field, String csvHeader, List<Row> rows) {
        String[] columns = csvHeader.split(",");
        ArrayNode blocks = node.putArray(field);
        for (Row row : rows) {
            ObjectNode o = blocks.addObject();
            o.put("block", row.block());
            o.put("name", row.name());
            o.put("description", row.description());
            row.tokens().ifPresent(tokens -> o.put("tokens", tokens));
            int first = columns.length - row.values().length;
            for (int k = 0; k < row.values().length; k++) {
                TrialJson.number(o, columns[first + k], row.values()[k]);
            }
        }
    }

    /**
     * @param csvHeader   the header line, without the newline
     * @param inspections the inspections, one per initializer
     * @param rows        the rows of one inspection
     * @return the header, then one line per initializer and block; non-finite numbers are empty cells
     */
    static String csv(String csvHeader, List<Inspection> inspections, Function<Inspection, List<Row>> rows) {
        StringBuilder sb = new StringBuilder(csvHeader).append('\n');
        for (Inspection inspection : inspections) {
            for (Row row : rows.apply(inspection)) {
                sb.append(quote(inspection.init())).append(',').append(row.block()).append(',').append(row.name())
                        .append(',').append(quote(row.description()));
                row.tokens().ifPresent(tokens -> sb.append(',').append(tokens));
                for (double v : row.values()) {
                    sb.append(',').append(Double.isFinite(v) ? Double.toString(v) : "");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** @return a table cell: 3 significant digits, {@code 0} for zero, {@code -} when not finite */
    static String cell(double value) {
        if (!Double.isFinite(value)) {
            return "-";
        }
        return value == 0 ? "0" : String.format(Locale.ROOT, "%.3g", value);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}

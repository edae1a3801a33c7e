package org.initlab.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.initlab.core.inspect.Inspection;
import org.initlab.core.inspect.TransformerBlockStatistics;

/**
 * The transformer blocks of {@code inspect} in its three forms, for networks with transformer blocks (nothing is
 * added for other networks): a table after the per-layer table, the fields {@code transformer_blocks} (one object
 * per block), {@code attention_verdict} and {@code transformer_stream_verdict} of each initializer in the JSON,
 * and {@code transformer_blocks.csv} (one row per initializer and block). Field names are a public contract: add
 * fields, never rename them.
 */
final class TransformerBlocksOutput {
    /** The CSV file {@code inspect --out} writes for a transformer. */
    static final String CSV_FILE = "transformer_blocks.csv";
    private static final String CSV_HEADER = "init,block,name,description,tokens,input_second_moment,"
            + "attention_second_moment,after_attention_second_moment,feed_forward_second_moment,"
            + "after_feed_forward_second_moment,output_second_moment,growth,attention_entropy,uniform_entropy,"
            + "entropy_ratio,logit_std";

    private TransformerBlocksOutput() {
    }

    /** @return whether some inspection has transformer blocks */
    static boolean any(List<Inspection> inspections) {
        return inspections.stream().anyMatch(i -> !i.transformerBlocks().isEmpty());
    }

    /** Adds {@code transformer_blocks} and the two verdicts to an initializer's JSON object (with blocks). */
    static void json(ObjectNode node, Inspection inspection) {
        if (inspection.transformerBlocks().isEmpty()) {
            return;
        }
        BlockRowsOutput.json(node, "transformer_blocks", CSV_HEADER, rows(inspection));
        inspection.attentionVerdict().ifPresent(v -> node.put("attention_verdict", v));
        inspection.transformerStreamVerdict().ifPresent(v -> node.put("transformer_stream_verdict", v));
    }

    /** Appends the transformer block table of one initializer, when it has blocks. */
    static void table(StringBuilder sb, Inspection inspection) {
        if (inspection.transformerBlocks().isEmpty()) {
            return;
        }
        sb.append("transformer blocks (E[x^2] of the stream entering the block, after x + SA and after x + FF (before "
                + "the norm in post-LN form) and out of it; growth = out / in; H/lnT = attention entropy / uniform "
                + "attention's; logit std of q.k/sqrt(d)):\n");
        sb.append(String.format(Locale.ROOT, "%5s %5s %10s %10s %10s %10s %10s %10s %7s %6s %9s  %s%n", "block",
                "name", "E[x^2] in", "E[SA^2]", "x + SA", "E[FF^2]", "x + FF", "E[x^2] out", "growth", "H/lnT",
                "logit std", "form"));
        for (TransformerBlockStatistics b : inspection.transformerBlocks()) {
            sb.append(String.format(Locale.ROOT, "%5d %5s %10s %10s %10s %10s %10s %10s %7s %6s %9s  %s%n",
                    b.block(), b.name(), cell(b.inputSecondMoment()), cell(b.attentionSecondMoment()),
                    cell(b.afterAttentionSecondMoment()), cell(b.feedForwardSecondMoment()),
                    cell(b.afterFeedForwardSecondMoment()), cell(b.outputSecondMoment()), cell(b.growth()),
                    Double.isFinite(b.entropyRatio()) ? String.format(Locale.ROOT, "%.4f", b.entropyRatio()) : "-",
                    cell(b.logitStd()), b.description()));
        }
        inspection.attentionVerdict().ifPresent(v -> sb.append("attention verdict: ").append(v).append('\n'));
        inspection.transformerStreamVerdict().ifPresent(v -> sb.append("stream verdict: ").append(v).append('\n'));
    }

    /** @return {@code transformer_blocks.csv}: a header, then one row per initializer and block */
    static String csv(List<Inspection> inspections) {
        return BlockRowsOutput.csv(CSV_HEADER, inspections, TransformerBlocksOutput::rows);
    }

    /** @return one row per block, its numbers in the order of the CSV header's columns from the first moment on */
    private static List<BlockRowsOutput.Row> rows(Inspection inspection) {
        return inspection.transformerBlocks().stream().map(b -> new BlockRowsOutput.Row(b.block(), b.name(),
                b.description(), OptionalInt.of(b.tokens()), new double[] {b.inputSecondMoment(),
                    b.attentionSecondMoment(), b.afterAttentionSecondMoment(), b.feedForwardSecondMoment(),
                    b.afterFeedForwardSecondMoment(), b.outputSecondMoment(), b.growth(), b.attentionEntropy(),
                    b.uniformEntropy(), b.entropyRatio(), b.logitStd()})).toList();
    }

    private static String cell(double value) {
        return BlockRowsOutput.cell(value);
    }
}

package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.initlab.app.InspectCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} on residual networks: the residual stream per block in the table, the JSON and the CSV. */
class InspectResidualStreamTest {
    private static final String HE_RESIDUAL = "mlp:784-64-pre[64-64]x8-10";
    private static final String GATED_RESIDUAL = "mlp:784-64-pre[64-64-alpha]x8-10";

    @TempDir
    Path tmp;

    @Test
    void heBranchesDoubleTheStreamPerBlockAndTheVerdictNamesTheCause() throws Exception {
        Path out = tmp.resolve("out");
        Run r = InspectCommandTest.run("inspect", "--json", "--model", HE_RESIDUAL, "--init", "he-normal", "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode init = new ObjectMapper().readTree(r.out()).get("inits").get(0);
        JsonNode blocks = init.get("residual_stream");
        assertThat(blocks).hasSize(8);
        double logGrowth = 0;
        for (JsonNode b : blocks) {
            double in = b.get("input_second_moment").asDouble();
            double outMoment = b.get("output_second_moment").asDouble();
            assertThat(b.get("growth").asDouble()).isEqualTo(outMoment / in);
            // pre-activation with an identity shortcut: E[x_{l+1}^2] = E[x_l^2] + E[F^2] up to the cross term
            // 2 E[x F], zero in expectation over the weights but some 10% of one draw at width 64
            assertThat(b.get("sum_second_moment").asDouble() / b.get("predicted_sum_second_moment").asDouble())
                    .as("block %d", b.get("block").asInt()).isBetween(0.75, 1.25);
            logGrowth += Math.log(b.get("growth").asDouble());
        }
        // He branches with ReLU add E[F^2] = E[x^2]: x2 per block (x3 at the first, which reads relu outputs)
        assertThat(Math.exp(logGrowth / blocks.size())).isBetween(1.6, 2.4);
        assertThat(init.get("verdict").asText()).startsWith("residual stream grows: the residual stream grows by x")
                .contains("scale the branches (fixup, skipinit, zero-gamma) or normalize");
        assertThat(init.get("residual_verdict").asText()).isEqualTo(init.get("verdict").asText());
        // the layers inside the blocks are named by their parameter paths and their place
        assertThat(init.get("layers").get(1).get("name").asText()).isEqualTo("2.branch.1");
        assertThat(init.get("layers").get(1).get("description").asText())
                .isEqualTo("block 1 branch 1: dense 64->64");
        List<String> csv = Files.readAllLines(out.resolve("residual_stream.csv"));
        assertThat(csv).hasSize(9);
        assertThat(csv.get(0)).isEqualTo("init,block,name,description,input_second_moment,branch_second_moment,"
                + "shortcut_second_moment,sum_second_moment,predicted_sum_second_moment,output_second_moment,growth");
        assertThat(csv.get(1)).startsWith("\"he-normal\",1,2,\"pre-activation, identity\",");
        String text = Files.readString(out.resolve("inspect.txt"));
        assertThat(text.lines().filter(l -> l.contains("block 1 branch 1: dense 64->64")).findFirst().orElseThrow())
                .startsWith("    2 2.branch.1     64 relu");
        assertThat(text).contains("residual stream per block").contains("E[x^2] in").contains("predicted")
                .contains("residual verdict: residual stream grows");
    }

    @Test
    void zeroGatesKeepTheStreamFlatAndTheVerdictSaysSo() throws Exception {
        Run r = InspectCommandTest.run("inspect", "--model", GATED_RESIDUAL, "--init", "he-normal", "--init-rule",
                "*.alpha=zeros");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = r.out().lines().dropWhile(l -> !l.startsWith("residual stream per block")).skip(2)
                .limit(8).toList();
        assertThat(rows).hasSize(8).allSatisfy(row -> assertThat(row.split("\\s+")[9]).isEqualTo("1.00"));
        assertThat(r.out()).contains("residual verdict: residual stream stable: x1 per block (x1 over 8 blocks")
                .doesNotContain("verdict: residual stream grows");

        Run json = InspectCommandTest.run("inspect", "--json", "--model", GATED_RESIDUAL, "--init", "he-normal",
                "--init-rule", "*.alpha=zeros");
        for (JsonNode b : new ObjectMapper().readTree(json.out()).get("inits").get(0).get("residual_stream")) {
            assertThat(b.get("growth").asDouble()).isEqualTo(1.0);
            assertThat(b.get("branch_second_moment").asDouble()).isZero();
        }
    }

    @Test
    void plainNetworksGetNoResidualFields() throws Exception {
        Run r = InspectCommandTest.run("inspect", "--json", "--model", "mlp:784-32-10", "--init", "he-normal");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode init = new ObjectMapper().readTree(r.out()).get("inits").get(0);
        assertThat(init.has("residual_stream")).isFalse();
        assertThat(init.has("residual_verdict")).isFalse();
    }
}

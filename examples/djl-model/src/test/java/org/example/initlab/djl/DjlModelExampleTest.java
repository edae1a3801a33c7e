package org.example.initlab.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the example offline (the surefire configuration sets DJL's offline properties) and reads its output. */
class DjlModelExampleTest {

    private static double accuracy(String out, String init) {
        String line = out.lines().filter(l -> l.startsWith(init + " ")).findFirst().orElseThrow();
        return Double.parseDouble(line.replaceAll(".*test accuracy ([0-9.]+).*", "$1"));
    }

    @Test
    void aDjlMlpInitializedByInitlabTrainsToAtLeastNinetyPercentOnTheBundledDigits() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            DjlModelExample.main(new String[] {"2", "he-normal", "orthogonal", "lsuv", "zeros"});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertThat(out).contains("  01Linear_weight [128, 784] orthogonal", "  03Linear_bias [10] zeros",
                "  01Linear_weight [128, 784] lsuv");
        assertThat(accuracy(out, "he-normal")).isGreaterThanOrEqualTo(0.90);
        assertThat(accuracy(out, "orthogonal")).isGreaterThanOrEqualTo(0.90);
        assertThat(accuracy(out, "lsuv")).isGreaterThanOrEqualTo(0.85);
        // negative control: the weights initlab wrote are the ones DJL trained (all-zero weights cannot learn)
        assertThat(accuracy(out, "zeros")).isLessThan(0.2);
    }
}

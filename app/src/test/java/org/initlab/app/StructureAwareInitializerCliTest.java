package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The structure-aware initializers from the command line (issue 14): {@code list} shows them with their options,
 * and a network without residual blocks (or without the gates or with the normalization an initializer cannot
 * have) is one line and exit 2 before any training.
 */
class StructureAwareInitializerCliTest {
    private static final String[] TINY = {"--seeds", "1", "--epochs", "1", "--train-limit", "20", "--test-limit",
            "10", "--quiet"};

    @TempDir
    Path tmp;

    private static String[] compare(String... first) {
        String[] args = new String[first.length + TINY.length + 1];
        args[0] = "compare";
        System.arraycopy(first, 0, args, 1, first.length);
        System.arraycopy(TINY, 0, args, 1 + first.length, TINY.length);
        return args;
    }

    @Test
    void listShowsTheStructureAwareInitializersWithTheirOptions() {
        CliTest.Run r = CliTest.run("list");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("fixup(mode=fan_in)").contains("skipinit(base=he-normal, alpha=0)")
                .contains("rezero(base=he-normal)").contains("zero-gamma(base=he-normal)")
                .contains("residual-scaled(base=he-normal, exponent=0.5, branches_per_block=1)")
                .contains("L^(-1/(2m-2))");
    }

    @Test
    void fixupOnAPlainMlpIsOneLineAndExit2BeforeAnyTraining() throws Exception {
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run(compare("--model", "mlp:64-32-10", "--init", "fixup", "--out", out.toString()));

        BadInputTest.assertOneLine(r, "fixup does not fit mlp:64-32-10: fixup needs a network with residual blocks "
                + "(e.g. mlp:784-256-[256-256-fixup]x16-10); this one has none");
        assertThat(r.err()).doesNotContain("epoch");
        assertThat(!Files.exists(out) || Files.list(out).findAny().isEmpty()).as("nothing written to --out").isTrue();
    }

    @Test
    void theGatedInitializersNameTheMissingGateAndRezeroTheNormalization() {
        BadInputTest.assertOneLine(CliTest.run(compare("--model", "mlp:784-16-[16-16]x2-10", "--init", "skipinit")),
                "skipinit needs a gate in each residual branch: add alpha inside the brackets, as in [256-256-alpha]");
        BadInputTest.assertOneLine(CliTest.run(compare("--model", "mlp:784-16-[16-ln-16-ln-alpha]x2-10", "--init",
                "rezero")), "rezero needs a network without normalization (the gate replaces it), but layer "
                + "2.branch.1 is a normalization layer");
        BadInputTest.assertOneLine(CliTest.run("inspect", "--batch", "4", "--init", "zero-gamma"),
                "zero-gamma needs a network with residual blocks");
    }
}

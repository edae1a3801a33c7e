package org.example.initlab.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {

    @Test
    void theExampleRunsAndHeBeatsZeros() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EmbeddingExample.main(new String[] {"1"});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("0.weight  [256, 784]").contains("std 0.050");
        String zeros = out.lines().filter(l -> l.startsWith("zeros")).findFirst().orElseThrow();
        String he = out.lines().filter(l -> l.startsWith("he-normal")).findFirst().orElseThrow();
        double zeroAccuracy = Double.parseDouble(zeros.replaceAll(".*test accuracy ([0-9.]+).*", "$1"));
        double heAccuracy = Double.parseDouble(he.replaceAll(".*test accuracy ([0-9.]+).*", "$1"));
        assertThat(zeroAccuracy).isLessThan(0.2);
        assertThat(heAccuracy).isGreaterThan(0.8);
    }
}

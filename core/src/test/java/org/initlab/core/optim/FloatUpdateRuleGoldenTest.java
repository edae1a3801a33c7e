package org.initlab.core.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.optim.ParameterGroups.GroupScale;
import org.junit.jupiter.api.Test;

/**
 * Replays the gradients PyTorch computed in {@code optimizer-groups-golden.txt} (written by
 * {@code tools/pytorch/optimizer_groups_golden.py}: {@code nn.Linear(4, 3)}, two parameter groups with their own
 * learning rate and weight decay, {@code LambdaLR} warm-up, five steps of SGD, SGD with momentum and Nesterov,
 * and Adam) through {@link FloatUpdateRule} and compares every parameter after every step with PyTorch's. The
 * rule and PyTorch's CPU kernels round the same float operations and scalars (the warmed-up, group-scaled learning
 * rate included), except that PyTorch's vectorized {@code add_(d, alpha=-lr)} fuses the multiply-add (replayed
 * with a fused multiply-add, the SGD steps match bit for bit); the tolerance allows two float ulps at magnitude 1
 * (the parameters are below 1). A negative control replays without the warm-up and must miss by far.
 */
class FloatUpdateRuleGoldenTest {
    /** Two float ulps at magnitude 1 (one ulp is {@code 1.19e-7}); the measured maximum is printed. */
    private static final double TOLERANCE = 2.4e-7;

    private record Replay(OptimizerSpec spec, Map<String, float[]> start, List<Map<String, float[]>> gradients,
                          List<Map<String, float[]>> parameters) {
    }

    @Test
    void floatRulesWithGroupsAndWarmupMatchPyTorch() throws IOException {
        Map<String, GroupScale> scales = new LinkedHashMap<>();
        List<Replay> replays = read(scales);
        assertThat(replays).hasSize(5);
        double worst = 0;
        for (Replay replay : replays) {
            double max = replay(replay, scales);
            System.out.printf("golden %s: max |initlab - pytorch| = %.3g%n", replay.spec().spec(), max);
            assertThat(max).as(replay.spec().spec()).isLessThanOrEqualTo(TOLERANCE);
            worst = Math.max(worst, max);
        }
        System.out.printf("golden: max |initlab - pytorch| over all = %.3g%n", worst);
    }

    @Test
    void replayWithoutWarmupOrGroupsMissesPyTorch() throws IOException {
        Map<String, GroupScale> scales = new LinkedHashMap<>();
        for (Replay replay : read(scales)) {
            String plain = replay.spec().spec().replaceAll(", warmup=[0-9]+", "");
            Replay withoutWarmup = new Replay(OptimizerSpec.parse(plain), replay.start(), replay.gradients(),
                    replay.parameters());
            assertThat(replay(withoutWarmup, scales)).as(plain).isGreaterThan(1e-3);
            Map<String, GroupScale> uniform = new LinkedHashMap<>();
            scales.keySet().forEach(name -> uniform.put(name, GroupScale.ONE));
            assertThat(replay(replay, uniform)).as(replay.spec().spec() + " without groups").isGreaterThan(1e-3);
        }
    }

    /** @return the largest absolute difference of any parameter after any step */
    private static double replay(Replay replay, Map<String, GroupScale> scales) {
        double max = 0;
        Map<String, FloatUpdateRule> rules = new LinkedHashMap<>();
        Map<String, float[]> p = new LinkedHashMap<>();
        Map<String, float[]> m = new LinkedHashMap<>();
        Map<String, float[]> v = new LinkedHashMap<>();
        replay.start().forEach((name, values) -> {
            rules.put(name, FloatUpdateRule.of(replay.spec(), scales.get(name)));
            p.put(name, values.clone());
            m.put(name, new float[values.length]);
            v.put(name, new float[values.length]);
        });
        for (int step = 1; step <= replay.gradients().size(); step++) {
            for (String name : p.keySet()) {
                float[] values = p.get(name);
                float[] g = replay.gradients().get(step - 1).get(name);
                FloatUpdateRule rule = rules.get(name);
                if (rule instanceof FloatUpdateRule.Adam adam) {
                    adam.apply(values, g, m.get(name), v.get(name), adam.stepSize(step), adam.correction2Sqrt(step), 0,
                            values.length);
                } else if (((FloatUpdateRule.Sgd) rule).hasMomentum()) {
                    FloatUpdateRule.Sgd sgd = (FloatUpdateRule.Sgd) rule;
                    sgd.apply(values, g, m.get(name), sgd.stepLearningRate(step), 0, values.length);
                } else {
                    FloatUpdateRule.Sgd sgd = (FloatUpdateRule.Sgd) rule;
                    sgd.apply(values, g, sgd.stepLearningRate(step), 0, values.length);
                }
                float[] expected = replay.parameters().get(step - 1).get(name);
                assertThat(values).hasSameSizeAs(expected);
                for (int k = 0; k < values.length; k++) {
                    max = Math.max(max, Math.abs((double) values[k] - expected[k]));
                }
            }
        }
        return max;
    }

    private static List<Replay> read(Map<String, GroupScale> scales) throws IOException {
        List<Replay> replays = new ArrayList<>();
        try (InputStream in = FloatUpdateRuleGoldenTest.class.getResourceAsStream("optimizer-groups-golden.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Replay current = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "scale" -> scales.put(f[1], new GroupScale(Double.parseDouble(f[2]), Double.parseDouble(f[3])));
                    case "optimizer" -> {
                        current = new Replay(OptimizerSpec.parse(line.substring("optimizer ".length())),
                                new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
                        replays.add(current);
                    }
                    case "start" -> current.start().put(f[1], floats(f, 2));
                    case "grad" -> at(current.gradients(), Integer.parseInt(f[1])).put(f[2], floats(f, 3));
                    case "param" -> at(current.parameters(), Integer.parseInt(f[1])).put(f[2], floats(f, 3));
                    default -> throw new IllegalStateException("unexpected golden line: " + line);
                }
            }
        }
        return replays;
    }

    private static Map<String, float[]> at(List<Map<String, float[]>> steps, int step) {
        while (steps.size() < step) {
            steps.add(new LinkedHashMap<>());
        }
        return steps.get(step - 1);
    }

    private static float[] floats(String[] fields, int from) {
        float[] values = new float[fields.length - from];
        for (int i = 0; i < values.length; i++) {
            double d = Double.parseDouble(fields[from + i]);
            values[i] = (float) d;
            assertThat((double) values[i]).as("a float32 value").isEqualTo(d);
        }
        return values;
    }
}

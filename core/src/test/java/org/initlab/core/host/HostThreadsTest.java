package org.initlab.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.inspect.ProbeBatches;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * Host passes (inspect, LSUV) run on the number of threads the user gives, on threads of their own, never on the
 * common pool, and give the same numbers whatever that number is.
 */
class HostThreadsTest {
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());

    @Test
    void aParallelLoopRunsOnExactlyTheGivenThreadsAndNeverOnTheCommonPool() {
        Set<String> names = ConcurrentHashMap.newKeySet();
        try (Parallel parallel = new Parallel(3)) {
            parallel.rows(64, 1 << 20, r -> names.add(Thread.currentThread().getName()));
        }

        assertThat(names).hasSize(3).allMatch(n -> n.startsWith("initlab-host-"))
                .noneMatch(n -> n.contains("ForkJoinPool"));
    }

    @Test
    void oneThreadMeansTheCallingThreadAlone() {
        Set<String> names = ConcurrentHashMap.newKeySet();
        try (Parallel parallel = new Parallel(1)) {
            parallel.rows(64, 1 << 20, r -> names.add(Thread.currentThread().getName()));
        }

        assertThat(names).containsExactly(Thread.currentThread().getName());
        assertThatThrownBy(() -> new Parallel(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host threads must be >= 1, got 0");
    }

    @Test
    void aHostPassGivesBitIdenticalResultsOnOneAndOnFourThreads() {
        Network network = ModelSpec.parse("cnn:1x28x28-c8k5-p2-c16k3-f32-10:relu");
        ParameterSet parameters = InitializationPlan.of(registry.resolve("he-normal"), registry.resolve("zeros"))
                .materialize(network, 5);
        float[] inputs = new float[16 * network.inputWidth()];
        SeededRandom random = SeededRandom.of(2);
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = (float) random.nextGaussian();
        }
        int[] labels = new int[16];
        for (int b = 0; b < labels.length; b++) {
            labels[b] = b % 10;
        }

        Map<String, double[]> one = pass(network, parameters, inputs, labels, 1);
        Map<String, double[]> four = pass(network, parameters, inputs, labels, 4);

        assertThat(four.keySet()).containsExactlyElementsOf(one.keySet());
        one.forEach((key, values) -> assertThat(four.get(key)).as(key).containsExactly(values));
    }

    @Test
    void lsuvRefinesToTheSameTensorsOnOneAndOnThreeThreads() {
        Network network = ModelSpec.parse("mlp:784-64x2-10:tanh");
        InitializationPlan plan = InitializationPlan.of(registry.resolve("lsuv"), registry.resolve("zeros"));
        Dataset probe = ProbeBatches.sample(BundledMnist.train(), 256, SeededRandom.of(1));

        ParameterSet one = plan.materialize(network, 7, probe, 1);
        ParameterSet three = plan.materialize(network, 7, probe, 3);

        for (String path : one.paths()) {
            assertThat(three.values(path)).as(path).containsExactly(one.values(path));
        }
    }

    private static Map<String, double[]> pass(Network network, ParameterSet parameters, float[] inputs, int[] labels,
                                              int threads) {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (HostNetwork host = new HostNetwork(network, threads)) {
            assertThat(host.threads()).isEqualTo(threads);
            HostTrace trace = host.forward(parameters::values, inputs, labels.length);
            out.put("logits", trace.layerOutput(network.layers().size() - 1));
            out.put("loss", new double[] {host.backward(trace, parameters::values, labels, (s, d, w, b) -> {
            }, out::put)});
        }
        return out;
    }
}

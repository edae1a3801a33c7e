package org.initlab.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.spi.SeededRandom;

/** What the host network tests share: seeded inputs, the analytic gradients, and their finite-difference check. */
final class HostChecks {
    private HostChecks() {
    }

    /** @return {@code n * width} standard normal inputs from {@code SeededRandom.of(1)} */
    static float[] inputs(int n, int width) {
        SeededRandom random = SeededRandom.of(1);
        float[] x = new float[n * width];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextGaussian();
        }
        return x;
    }

    /** @return every parameter's gradient of the loss, by path, from one backward pass */
    static Map<String, double[]> analyticGradients(HostNetwork host, ParameterSet params, float[] x, int batch,
                                                   int[] labels) {
        Map<String, double[]> analytic = new HashMap<>();
        host.backward(host.forward(params::values, x, batch), params::values, labels, (s, dx, dw, db) -> {
        }, analytic::put);
        return analytic;
    }

    /**
     * Checks every element of every parameter: {@code (L(p + h) - L(p - h)) / step}, where the step is what the
     * float parameter really moved, against the analytic gradient within {@code 1e-6 + tolerance * |numeric|}.
     */
    static void assertGradientsMatch(HostNetwork host, ParameterSet params, float[] x, int batch, int[] labels,
                                     Map<String, double[]> analytic, double h, double tolerance) {
        for (ParameterTensor tensor : params.tensors()) {
            float[] v = tensor.values();
            double[] gradient = analytic.get(tensor.spec().path());
            assertThat(gradient).as(tensor.spec().path()).hasSize(v.length);
            for (int k = 0; k < v.length; k++) {
                float original = v[k];
                v[k] = (float) (original + h);
                double up = loss(host, params, x, batch, labels);
                v[k] = (float) (original - h);
                double down = loss(host, params, x, batch, labels);
                double step = (double) (float) (original + h) - (float) (original - h);
                v[k] = original;
                double numeric = (up - down) / step;
                assertThat(gradient[k]).as("%s[%d]", tensor.spec().path(), k)
                        .isCloseTo(numeric, within(1e-6 + tolerance * Math.abs(numeric)));
            }
        }
    }

    private static double loss(HostNetwork host, ParameterSet params, float[] x, int batch, int[] labels) {
        return host.backward(host.forward(params::values, x, batch), params::values, labels, (s, dx, dw, db) -> {
        });
    }
}

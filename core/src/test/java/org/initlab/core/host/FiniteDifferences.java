package org.initlab.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;

/** The host network's parameter gradients against central finite differences of its own loss (tests only). */
final class FiniteDifferences {
    private FiniteDifferences() {
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

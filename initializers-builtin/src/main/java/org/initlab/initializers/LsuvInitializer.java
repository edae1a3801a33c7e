package org.initlab.initializers;

import java.util.Objects;
import org.initlab.spi.DataDependentInitializer;
import org.initlab.spi.Initializer;
import org.initlab.spi.LayerProbe;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/** LSUV; see {@link LsuvProvider} for the algorithm and the paper. */
final class LsuvInitializer implements DataDependentInitializer {
    private final double tol;
    private final int maxIter;
    private final Initializer pre;

    LsuvInitializer(double tol, int maxIter, Initializer pre) {
        this.tol = tol;
        this.maxIter = maxIter;
        this.pre = Objects.requireNonNull(pre, "pre");
    }

    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        pre.initialize(parameter, values, random);
    }

    @Override
    public void refine(LayerProbe probe) {
        for (int layer = 0; layer < probe.weights().size(); layer++) {
            float[] w = probe.values(layer);
            for (int iteration = 0; ; iteration++) {
                double variance = probe.outputVariance(layer);
                if (!(variance > 0) || !Double.isFinite(variance)) {
                    throw new IllegalArgumentException("the output variance of " + probe.weights().get(layer).path()
                            + " on the probe batch is " + variance + ", so it cannot be rescaled to 1 (a pre "
                            + "initializer that gives no signal, such as zeros?)");
                }
                if (Math.abs(variance - 1) < tol || iteration == maxIter) {
                    break;
                }
                double scale = 1 / Math.sqrt(variance);
                for (int k = 0; k < w.length; k++) {
                    w[k] = (float) (w[k] * scale);
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LsuvInitializer other && tol == other.tol && maxIter == other.maxIter
                && pre.equals(other.pre);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tol, maxIter, pre);
    }

    /** @return the canonical spec, e.g. {@code lsuv} or {@code lsuv(tol=0.02, pre=he-normal)} */
    @Override
    public String toString() {
        return SpecText.of(LsuvProvider.NAME).number("tol", tol, 0.1).integer("max_iter", maxIter, 10)
                .text("pre", pre.toString(), "orthogonal").toString();
    }
}

package org.initlab.core.width;

import java.util.OptionalInt;
import org.initlab.core.optim.OptimizerSpec;

/**
 * The per-layer rules of the three parametrizations. muP is written the way the {@code mup} package computes
 * it, from the "infinite" (width) dimensions of each parameter's shape ({@code mup/infshape.py}): a weight
 * {@code [fan_out, fan_in]} has {@code ninf} = the number of its dimensions that grow with width, and its
 * {@code width_mult} is the multiplier of the last such dimension (the fan-in when both grow); a bias
 * {@code [fan_out]} has one infinite dimension exactly when the fan-out grows.
 */
final class ScaleTables {
    private ScaleTables() {
    }

    /** SP: nothing changes. */
    static DenseScale standard(DenseStack.Entry e) {
        return new DenseScale(e.index(), e.role(), 1, 1, 1, ParameterScale.ONE, ParameterScale.ONE);
    }

    /**
     * NTK (Jacot et al. 2018): {@code y = W x / sqrt(n) + b} with the initializer's weights multiplied by
     * {@code sqrt(n)}, where {@code n} is the fan-in, or with a base width the fan-in's width multiplier (1 for
     * the input features), so that NTK equals SP at the base width. One learning rate for all parameters.
     */
    static DenseScale ntk(DenseStack.Entry e, OptionalInt baseWidth, double m) {
        double n = baseWidth.isPresent() ? (e.role().wideFanIn() ? m : 1) : e.layer().inputs();
        double fanOut = baseWidth.isPresent() && e.role().wideFanOut() ? m : 1;
        return new DenseScale(e.index(), e.role(), n, fanOut, 1 / Math.sqrt(n),
                new ParameterScale(Math.sqrt(n), 1, 1), ParameterScale.ONE);
    }

    /**
     * muP as {@code mup} 1.0 applies it to an SP-initialized model: {@code set_base_shapes(rescale_params=True)}
     * multiplies the readout's ({@code MuReadout}) weight and bias by {@code sqrt(width_mult)} and every other
     * layer's bias by {@code sqrt(fan-in width_mult)}; {@code MuReadout.forward} multiplies its input by
     * {@code 1 / width_mult} ({@code output_mult} 1); {@code MuAdam} divides the learning rate of parameters
     * with two infinite dimensions by their {@code width_mult} and multiplies their weight decay by it;
     * {@code MuSGD} multiplies the learning rate of parameters with one infinite dimension by their
     * {@code width_mult} and divides their weight decay by it, and divides the learning rate of those with two
     * by {@code fan-in mult / fan-out mult} (multiplying their weight decay).
     */
    static DenseScale mup(DenseStack.Entry e, double m, OptimizerSpec optimizer) {
        DenseRole role = e.role();
        double fanIn = role.wideFanIn() ? m : 1;
        double fanOut = role.wideFanOut() ? m : 1;
        int weightInf = (role.wideFanIn() ? 1 : 0) + (role.wideFanOut() ? 1 : 0);
        double weightMult = role.wideFanIn() ? fanIn : fanOut;
        int biasInf = role.wideFanOut() ? 1 : 0;
        double biasMult = fanOut;
        boolean readout = role == DenseRole.OUTPUT || role == DenseRole.INPUT_OUTPUT;
        double weightInit = readout ? Math.sqrt(weightMult) : 1;
        double biasInit = readout ? Math.sqrt(weightMult) : Math.sqrt(fanIn);
        double input = readout ? 1 / weightMult : 1;
        boolean adamLike = optimizer instanceof OptimizerSpec.Adam;
        ParameterScale weight = optimizerScale(weightInit, weightInf, weightMult, fanIn / fanOut, adamLike);
        ParameterScale bias = optimizerScale(biasInit, biasInf, biasMult, 1, adamLike);
        return new DenseScale(e.index(), role, fanIn, fanOut, input, weight, bias);
    }

    private static ParameterScale optimizerScale(double init, int ninf, double widthMult, double fanRatio,
                                                 boolean adamLike) {
        if (adamLike) {
            return ninf == 2 ? new ParameterScale(init, 1 / widthMult, widthMult) : new ParameterScale(init, 1, 1);
        }
        return switch (ninf) {
            case 1 -> new ParameterScale(init, widthMult, 1 / widthMult);
            case 2 -> new ParameterScale(init, 1 / fanRatio, fanRatio);
            default -> new ParameterScale(init, 1, 1);
        };
    }
}

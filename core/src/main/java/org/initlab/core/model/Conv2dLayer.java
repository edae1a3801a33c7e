package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;

/**
 * A 2-D convolution with a square kernel, PyTorch's {@code nn.Conv2d(inChannels, outChannels, kernel,
 * stride, padding, groups=groups)} (zero padding, dilation 1, with bias): weight
 * {@code [outChannels, inChannels / groups, kernel, kernel]}, bias {@code [outChannels]}, and
 *
 * <pre>
 *   y[o, i, j] = b[o] + sum_{c in group(o)} sum_{u, v} w[o, c - c0(o), u, v] * x[c, i*stride + u - padding,
 *                                                                            j*stride + v - padding]
 * </pre>
 *
 * with out-of-range input positions read as zero. Output size per side {@code floor((n + 2*padding -
 * kernel) / stride) + 1}. Its fans are PyTorch's: {@code fan_in = inChannels / groups * kernel^2},
 * {@code fan_out = outChannels * kernel^2} (see {@link org.initlab.spi.Fans}).
 *
 * @param inChannels  input channels, {@code > 0} and divisible by {@code groups}
 * @param outChannels output channels, {@code > 0} and divisible by {@code groups}
 * @param kernel      kernel side, {@code > 0}
 * @param stride      stride, {@code > 0}
 * @param padding     zero padding on every side, {@code >= 0} and {@code < kernel}
 * @param groups      groups, {@code > 0}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Conv2dLayer(int inChannels, int outChannels, int kernel, int stride, int padding, int groups)
        implements Layer {
    /** Validates the hyperparameters. */
    public Conv2dLayer {
        if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || groups <= 0) {
            throw new IllegalArgumentException("convolution needs positive channels, kernel, stride and groups "
                    + "and padding >= 0, got " + describe(inChannels, outChannels, kernel, stride, padding, groups));
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("convolution groups must divide both channel counts, got "
                    + describe(inChannels, outChannels, kernel, stride, padding, groups));
        }
        if (padding >= kernel) {
            throw new IllegalArgumentException("convolution padding must be smaller than the kernel, got "
                    + describe(inChannels, outChannels, kernel, stride, padding, groups));
        }
    }

    /**
     * @param inChannels  input channels
     * @param outChannels output channels
     * @param kernel      kernel side
     * @return a stride-1, unpadded, ungrouped convolution
     */
    public static Conv2dLayer of(int inChannels, int outChannels, int kernel) {
        return new Conv2dLayer(inChannels, outChannels, kernel, 1, 0, 1);
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        if (!input.spatial()) {
            throw new IllegalArgumentException(this + " needs a CxHxW input, got a flat " + input);
        }
        if (input.channels() != inChannels) {
            throw new IllegalArgumentException(this + " expects " + inChannels + " input channels, got " + input);
        }
        int h = side(input.height());
        int w = side(input.width());
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(this + " does not fit its " + input + " input (the kernel is larger "
                    + "than the padded input)");
        }
        return FeatureShape.map(outChannels, h, w);
    }

    private int side(int n) {
        int span = n + 2 * padding - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }

    /** @return the weight shape {@code [outChannels, inChannels / groups, kernel, kernel]} */
    public TensorShape weightShape() {
        return TensorShape.of(outChannels, inChannels / groups, kernel, kernel);
    }

    @Override
    public List<ParameterSpec> parameters(String index, Nonlinearity next) {
        TensorShape weight = weightShape();
        return List.of(ParameterSpec.weight(index + ".weight", weight, LayerKind.CONV, next),
                ParameterSpec.bias(index + ".bias", outChannels, weight, LayerKind.CONV, next));
    }

    @Override
    public long multiplyAdds(FeatureShape input) {
        FeatureShape out = outputShape(input);
        return (long) out.size() * (inChannels / groups) * kernel * kernel;
    }

    @Override
    public String toString() {
        return "Conv2d(" + describe(inChannels, outChannels, kernel, stride, padding, groups) + ")";
    }

    private static String describe(int in, int out, int kernel, int stride, int padding, int groups) {
        return in + ", " + out + ", kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding
                + ", groups=" + groups;
    }
}

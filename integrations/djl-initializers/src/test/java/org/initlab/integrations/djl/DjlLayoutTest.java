package org.initlab.integrations.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.initlab.spi.Fans;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DJL's layouts are PyTorch's, so initlab's fans apply to DJL's shapes unchanged: the weight shapes and fans, and
 * forward passes computed by hand from the weights read in PyTorch's layout.
 */
class DjlLayoutTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static float[] forward(Block block, NDArray x) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow()
                .toFloatArray();
    }

    @Test
    void linearWeightIsOutByInAsPyTorchsLinear() {
        Block linear = Linear.builder().setUnits(3).build();
        linear.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
        DjlBlockInitializer.of("normal").withBiases("normal").initialize(linear, 5);
        Map<String, float[]> p = DjlFixtures.values(linear);
        assertThat(linear.getParameters().get("weight").getArray().getShape()).isEqualTo(new Shape(3, 4));
        assertThat(Fans.of(TensorShape.of(3, 4))).isEqualTo(new Fans(4, 3));

        NDArray x = DjlFixtures.gaussian(manager, 1, 2, 4);
        float[] in = x.toFloatArray();
        float[] y = forward(linear, x);
        float[] w = p.get("weight");
        float[] b = p.get("bias");
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 3; o++) {
                double z = b[o];
                for (int i = 0; i < 4; i++) {
                    z += in[n * 4 + i] * w[o * 4 + i];   // y = x W^T + b, W[o][i]
                }
                assertThat(y[n * 3 + o]).isCloseTo((float) z, within(1e-5f));
            }
        }
    }

    @Test
    void conv2dWeightIsOutByInOverGroupsByKernelHeightByKernelWidthAsPyTorchsConv2d() {
        int inChannels = 4;
        int groups = 2;
        int out = 6;
        int kh = 2;
        int kw = 3;
        int h = 5;
        int wd = 6;
        Block conv = Conv2d.builder().setKernelShape(new Shape(kh, kw)).setFilters(out).optGroups(groups).build();
        conv.initialize(manager, DataType.FLOAT32, new Shape(1, inChannels, h, wd));
        DjlBlockInitializer.of("normal").withBiases("normal").initialize(conv, 9);
        Map<String, float[]> p = DjlFixtures.values(conv);
        int perGroup = inChannels / groups;
        assertThat(conv.getParameters().get("weight").getArray().getShape())
                .isEqualTo(new Shape(out, perGroup, kh, kw));
        assertThat(Fans.of(TensorShape.of(out, perGroup, kh, kw))).isEqualTo(new Fans(perGroup * kh * kw,
                (long) out * kh * kw));

        NDArray x = DjlFixtures.gaussian(manager, 2, 1, inChannels, h, wd);
        float[] in = x.toFloatArray();
        float[] y = forward(conv, x);
        float[] w = p.get("weight");
        float[] b = p.get("bias");
        int oh = h - kh + 1;
        int ow = wd - kw + 1;
        assertThat(y).hasSize(out * oh * ow);
        for (int o = 0; o < out; o++) {
            int group = o / (out / groups);
            for (int r = 0; r < oh; r++) {
                for (int c = 0; c < ow; c++) {
                    double z = b[o];
                    for (int ci = 0; ci < perGroup; ci++) {
                        int channel = group * perGroup + ci;
                        for (int u = 0; u < kh; u++) {
                            for (int v = 0; v < kw; v++) {
                                z += w[((o * perGroup + ci) * kh + u) * kw + v]
                                        * in[(channel * h + r + u) * wd + c + v];
                            }
                        }
                    }
                    assertThat(y[(o * oh + r) * ow + c]).as("output %d at (%d, %d)", o, r, c)
                            .isCloseTo((float) z, within(1e-4f));
                }
            }
        }
    }
}

package org.initlab.core.width;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

class ParametrizationSpecTest {
    private static final OptimizerSpec SGD = OptimizerSpec.parse("sgd");

    @Test
    void specsParseAndPrintCanonically() {
        assertThat(Parametrization.parse("sp")).isEqualTo(Parametrization.standard());
        assertThat(Parametrization.parse("sp(base_width=64)").spec()).isEqualTo("sp");
        assertThat(Parametrization.parse("ntk").spec()).isEqualTo("ntk");
        assertThat(Parametrization.parse("ntk(base_width=64)").spec()).isEqualTo("ntk(base_width=64)");
        assertThat(Parametrization.parse("mup( base_width = 32 )"))
                .isEqualTo(new Parametrization.MaximalUpdate(OptionalInt.of(32)));
        for (String spec : List.of("sp", "ntk", "ntk(base_width=8)", "mup", "mup(base_width=64)")) {
            assertThat(Parametrization.parse(Parametrization.parse(spec).spec()).spec()).isEqualTo(spec);
        }
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Parametrization.parse("mupp"))
                .hasMessage("unknown parametrization 'mupp' (known: sp, ntk, mup); did you mean 'mup'?");
    }

    @Test
    void badOptionsAreOneLineErrors() {
        assertThatThrownBy(() -> Parametrization.parse("mup(base_width=0)"))
                .hasMessage("option 'base_width' of mup must be >= 1, got 0");
        assertThatThrownBy(() -> Parametrization.parse("mup(width=3)")).hasMessageContaining("base_width")
                .hasMessageNotContaining("\n");
    }

    @Test
    void mupWithoutBaseWidthOnAHiddenLayerNetworkSaysHowToFixIt() {
        assertThatThrownBy(() -> Parametrization.parse("mup").apply(ModelSpec.parse("mlp:784-256-10"), SGD))
                .hasMessage("parametrization mup needs base_width for mlp:784-256-10, which has hidden layers"
                        + " (e.g. mup(base_width=256) makes this width the base)");
    }

    @Test
    void ntkAndMupNameTheFirstLayerTheyDoNotDefine() {
        String cnn = "cnn:1x8x8-c4k3-p2-10";
        assertThatThrownBy(() -> Parametrization.parse("mup(base_width=4)").apply(ModelSpec.parse(cnn), SGD))
                .hasMessage("parametrization mup(base_width=4) is defined for dense networks (dense, activation,"
                        + " dropout and flatten layers) but layer 0 of " + cnn + " is a conv2d layer; use sp for"
                        + " this network");
        assertThatThrownBy(() -> Parametrization.parse("ntk")
                .apply(ModelSpec.parse("mlp:16-8-[8-8]x2-4"), SGD)).hasMessageContaining("is a residual block layer");
        assertThatThrownBy(() -> Parametrization.parse("ntk").apply(ModelSpec.parse("mlp:16-8-ln-4"), SGD))
                .hasMessageContaining("is a layer norm layer");
    }

    @Test
    void spAppliesToEveryNetwork() {
        WidthScaling sp = Parametrization.standard().apply(ModelSpec.parse("cnn:1x8x8-c4k3-p2-10"), SGD);
        assertThat(sp.layers()).isEmpty();
        assertThat(sp.changesNothing()).isTrue();
    }
}

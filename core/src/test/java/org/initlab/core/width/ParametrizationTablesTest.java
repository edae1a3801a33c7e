package org.initlab.core.width;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups;
import org.junit.jupiter.api.Test;

/**
 * The per-layer scales of each parametrization for the 3-layer MLP {@code 784-W-W-10} (dense layers 0, 2, 4),
 * against tables computed by hand from the papers and the {@code mup} sources. A row is {@code layer, input
 * multiplier, weight: initial-value factor, lr, weight decay, bias: initial-value factor, lr, weight decay}.
 */
class ParametrizationTablesTest {
    private static final OptimizerSpec SGD = OptimizerSpec.parse("sgd(lr=0.1, momentum=0.9)");
    private static final OptimizerSpec ADAM = OptimizerSpec.parse("adam(lr=0.001)");
    private static final double R2 = Math.sqrt(2);

    private static Network mlp(int width) {
        return ModelSpec.parse("mlp:784-" + width + "-" + width + "-10:relu");
    }

    private static void assertTable(WidthScaling scaling, double[][] expected) {
        List<DenseScale> layers = scaling.layers();
        assertThat(layers).hasSize(expected.length);
        for (int r = 0; r < expected.length; r++) {
            DenseScale s = layers.get(r);
            double[] actual = {s.layer(), s.inputMultiplier(), s.weight().initialValue(), s.weight().learningRate(),
                    s.weight().weightDecay(), s.bias().initialValue(), s.bias().learningRate(), s.bias().weightDecay()};
            for (int c = 0; c < actual.length; c++) {
                assertThat(actual[c]).as("row %d column %d of %s", r, c, scaling.parametrization().spec())
                        .isCloseTo(expected[r][c], within(1e-12));
            }
        }
    }

    @Test
    void mupWithSgdAtTwoAndFourTimesTheBaseWidth() {
        Parametrization mup = Parametrization.parse("mup(base_width=128)");
        assertTable(mup.apply(mlp(256), SGD), new double[][]{
                {0, 1, 1, 2, 0.5, 1, 2, 0.5},
                {2, 1, 1, 1, 1, R2, 2, 0.5},
                {4, 0.5, R2, 2, 0.5, R2, 1, 1}});
        assertTable(mup.apply(mlp(512), SGD), new double[][]{
                {0, 1, 1, 4, 0.25, 1, 4, 0.25},
                {2, 1, 1, 1, 1, 2, 4, 0.25},
                {4, 0.25, 2, 4, 0.25, 2, 1, 1}});
    }

    @Test
    void mupWithAdamAtTwoAndFourTimesTheBaseWidth() {
        Parametrization mup = Parametrization.parse("mup(base_width=128)");
        assertTable(mup.apply(mlp(256), ADAM), new double[][]{
                {0, 1, 1, 1, 1, 1, 1, 1},
                {2, 1, 1, 0.5, 2, R2, 1, 1},
                {4, 0.5, R2, 1, 1, R2, 1, 1}});
        assertTable(mup.apply(mlp(512), ADAM), new double[][]{
                {0, 1, 1, 1, 1, 1, 1, 1},
                {2, 1, 1, 0.25, 4, 2, 1, 1},
                {4, 0.25, 2, 1, 1, 2, 1, 1}});
    }

    @Test
    void anchoredNtkScalesHiddenFanInsOnlyAndIgnoresTheOptimizer() {
        Parametrization ntk = Parametrization.parse("ntk(base_width=128)");
        double[][] at512 = {
                {0, 1, 1, 1, 1, 1, 1, 1},
                {2, 0.5, 2, 1, 1, 1, 1, 1},
                {4, 0.5, 2, 1, 1, 1, 1, 1}};
        assertTable(ntk.apply(mlp(512), SGD), at512);
        assertTable(ntk.apply(mlp(512), ADAM), at512);
        assertTable(ntk.apply(mlp(256), SGD), new double[][]{
                {0, 1, 1, 1, 1, 1, 1, 1},
                {2, 1 / R2, R2, 1, 1, 1, 1, 1},
                {4, 1 / R2, R2, 1, 1, 1, 1, 1}});
    }

    @Test
    void absoluteNtkUsesEachLayersFanIn() {
        double s = Math.sqrt(512);
        assertTable(Parametrization.parse("ntk").apply(mlp(512), ADAM), new double[][]{
                {0, 1.0 / 28, 28, 1, 1, 1, 1, 1},
                {2, 1 / s, s, 1, 1, 1, 1, 1},
                {4, 1 / s, s, 1, 1, 1, 1, 1}});
    }

    @Test
    void spChangesNothingAndListsTheRoles() {
        WidthScaling sp = Parametrization.parse("sp(base_width=128)").apply(mlp(512), SGD);
        assertTable(sp, new double[][]{
                {0, 1, 1, 1, 1, 1, 1, 1}, {2, 1, 1, 1, 1, 1, 1, 1}, {4, 1, 1, 1, 1, 1, 1, 1}});
        assertThat(sp.layers()).extracting(DenseScale::role)
                .containsExactly(DenseRole.INPUT, DenseRole.HIDDEN, DenseRole.OUTPUT);
        assertThat(sp.network()).isEqualTo(mlp(512));
        assertThat(sp.groups().isUniform()).isTrue();
        assertThat(sp.changesNothing()).isTrue();
    }

    @Test
    void mupAndAnchoredNtkEqualSpAtTheBaseWidth() {
        for (String spec : List.of("mup(base_width=128)", "ntk(base_width=128)")) {
            for (OptimizerSpec optimizer : List.of(SGD, ADAM)) {
                WidthScaling at = Parametrization.parse(spec).apply(mlp(128), optimizer);
                assertThat(at.network()).as(spec).isEqualTo(mlp(128));
                assertThat(at.groups()).as(spec).isEqualTo(ParameterGroups.uniform());
                assertThat(at.initialMultipliers()).as(spec).isEmpty();
                assertThat(at.changesNothing()).as(spec).isTrue();
            }
        }
    }

    @Test
    void theTransformedNetworkCarriesTheInputMultipliersAndTheGroupsTheNonUnitFactors() {
        WidthScaling mup = Parametrization.parse("mup(base_width=128)").apply(mlp(512), ADAM);
        assertThat(mup.network().spec()).isEqualTo("mlp:784-512-512-10:relu");
        assertThat(mup.network().layers().get(4)).isEqualTo(new org.initlab.core.model.DenseLayer(512, 10, 0.25));
        assertThat(mup.groups().scales()).containsOnlyKeys("2.weight");
        assertThat(mup.groups().scaleOf("2.weight")).isEqualTo(new ParameterGroups.GroupScale(0.25, 4));
        assertThat(mup.initialMultipliers()).containsExactly(java.util.Map.entry("2.bias", 2.0),
                java.util.Map.entry("4.weight", 2.0), java.util.Map.entry("4.bias", 2.0));
    }

    @Test
    void aNetworkWithoutHiddenLayersNeedsNoBaseWidthAndIsUnchangedByMup() {
        Network logistic = ModelSpec.parse("mlp:784-10");
        WidthScaling mup = Parametrization.parse("mup").apply(logistic, SGD);
        assertThat(mup.layers()).extracting(DenseScale::role).containsExactly(DenseRole.INPUT_OUTPUT);
        assertThat(mup.changesNothing()).isTrue();
    }

    @Test
    void everyHiddenWidthScalesWithTheFirst() {
        WidthScaling mup = Parametrization.parse("mup(base_width=64)").apply(ModelSpec.parse("mlp:784-256-128-10"),
                ADAM);
        assertThat(mup.layers()).extracting(DenseScale::fanInMultiplier).containsExactly(1.0, 4.0, 4.0);
        assertThat(mup.layers()).extracting(DenseScale::fanOutMultiplier).containsExactly(4.0, 4.0, 1.0);
    }
}

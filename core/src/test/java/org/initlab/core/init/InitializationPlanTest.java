package org.initlab.core.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.ParameterSpec;
import org.junit.jupiter.api.Test;

class InitializationPlanTest {
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());

    private InitializationPlan plan(String weights, String biases) {
        return InitializationPlan.of(registry.resolve(weights), registry.resolve(biases));
    }

    @Test
    void sameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
        Network net = ModelSpec.parse("mlp:20-16-8-3:relu");
        ParameterSet a = plan("he-normal", "zeros").materialize(net, 5);
        ParameterSet b = plan("he-normal", "zeros").materialize(net, 5);
        ParameterSet c = plan("he-normal", "zeros").materialize(net, 6);
        for (String path : a.paths()) {
            assertThat(a.values(path)).isEqualTo(b.values(path));
        }
        assertThat(a.values("0.weight")).isNotEqualTo(c.values("0.weight"));
        assertThat(a.values("0.bias")).containsOnly(0f);
    }

    @Test
    void aParametersValuesDependOnItsPathNotOnTheLayersBeforeIt() {
        // the last layer 4.weight [3, 8] exists in both nets; everything before it differs
        Network small = ModelSpec.parse("mlp:20-16-8-3:relu");
        Network other = ModelSpec.parse("mlp:30-40-8-3:relu");
        float[] x = plan("xavier-uniform", "zeros").materialize(small, 9).values("4.weight");
        float[] y = plan("xavier-uniform", "zeros").materialize(other, 9).values("4.weight");
        assertThat(x).isEqualTo(y);
    }

    @Test
    void overridesWinByGlobInOrder() {
        Network net = ModelSpec.parse("mlp:6-5-4-3:relu");
        InitializationPlan plan = new InitializationPlan(registry.resolve("zeros"), registry.resolve("zeros"),
                List.of(new InitializationPlan.ParameterOverride("4.*", registry.resolve("constant(2)")),
                        new InitializationPlan.ParameterOverride("*.bias", registry.resolve("constant(1)"))));
        ParameterSet p = plan.materialize(net, 0);
        assertThat(p.values("4.weight")).containsOnly(2f);
        assertThat(p.values("4.bias")).containsOnly(2f);
        assertThat(p.values("0.bias")).containsOnly(1f);
        assertThat(p.values("0.weight")).containsOnly(0f);
        assertThat(plan.describe()).isEqualTo("zeros, bias zeros, 4.*=constant(value=2), *.bias=constant(value=1)");
    }

    @Test
    void anInitializerThatDoesNotFitNamesTheParameter() {
        Network net = ModelSpec.parse("mlp:6-5-3:relu");
        assertThatThrownBy(() -> plan("he-normal", "he-normal").materialize(net, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("he-normal cannot initialize 0.bias [5]: ");
    }

    @Test
    void parameterSetCopiesAreDeep() {
        ParameterSet p = plan("normal", "zeros").materialize(ModelSpec.parse("mlp:3-2"), 1);
        ParameterSet copy = p.copy();
        copy.values("0.weight")[0] = 99f;
        assertThat(p.values("0.weight")[0]).isNotEqualTo(99f);
        assertThat(p.scalarCount()).isEqualTo(8);
        assertThat(p.tensors()).extracting(t -> t.spec()).extracting(ParameterSpec::path)
                .containsExactly("0.weight", "0.bias");
        assertThatThrownBy(() -> p.values("9.weight")).hasMessageContaining("no parameter '9.weight'");
    }
}

package org.initlab.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.initlab.core.optim.ParameterGroups.GroupScale;
import org.junit.jupiter.api.Test;

class FloatUpdateRuleTest {

    @Test
    void groupMultipliersScaleLearningRateAndWeightDecayInDouble() {
        OptimizerSpec sgd = new OptimizerSpec.Sgd(0.1, 0.9, false, 0.01, 0);
        FloatUpdateRule.Sgd rule = (FloatUpdateRule.Sgd) FloatUpdateRule.of(sgd, new GroupScale(0.3, 2));
        assertThat(rule.learningRate()).isEqualTo(0.1 * 0.3);
        assertThat(rule.stepLearningRate(1)).isEqualTo((float) (0.1 * 0.3));
        assertThat(rule.weightDecay()).isEqualTo((float) (0.01 * 2));
        assertThat(FloatUpdateRule.of(sgd)).isEqualTo(new FloatUpdateRule.Sgd(0.1, 0.9f, false, 0.01f, 0));
    }

    @Test
    void warmupScalesTheStepLearningRateAndAdamsStepSize() {
        FloatUpdateRule.Sgd sgd = (FloatUpdateRule.Sgd) FloatUpdateRule.of(OptimizerSpec.parse("sgd(lr=0.3, warmup=3)"));
        assertThat(sgd.stepLearningRate(1)).isEqualTo((float) (0.3 * (1.0 / 3)));
        assertThat(sgd.stepLearningRate(2)).isEqualTo((float) (0.3 * (2.0 / 3)));
        assertThat(sgd.stepLearningRate(3)).isEqualTo(0.3f);
        assertThat(sgd.stepLearningRate(9)).isEqualTo(0.3f);
        FloatUpdateRule.Adam adam = (FloatUpdateRule.Adam) FloatUpdateRule.of(
                OptimizerSpec.parse("adam(lr=0.01, warmup=4)"), new GroupScale(0.5, 1));
        assertThat(adam.stepSize(1)).isEqualTo((float) (0.01 * 0.5 * 0.25 / (1 - 0.9)));
        assertThat(adam.stepSize(6)).isEqualTo((float) (0.01 * 0.5 / (1 - Math.pow(0.9, 6))));
    }

    @Test
    void sgdLoopUsesTheGivenStepLearningRate() {
        FloatUpdateRule.Sgd rule = (FloatUpdateRule.Sgd) FloatUpdateRule.of(OptimizerSpec.parse("sgd(lr=1, warmup=2)"));
        float[] p = {1, 2};
        rule.apply(p, new float[] {1, -1}, rule.stepLearningRate(1), 0, 2);
        assertThat(p).containsExactly(0.5f, 2.5f);
        float[] frozen = {1, 2};
        rule.apply(frozen, new float[] {1, -1}, 0f, 0, 2);
        assertThat(frozen).containsExactly(1f, 2f);
    }

    @Test
    void parameterGroupsNameAPathThatIsNotAParameter() {
        ParameterGroups groups = new ParameterGroups(Map.of("1.weight", new GroupScale(0.5, 1)));
        assertThat(groups.scalesFor(List.of("0.weight", "1.weight")))
                .containsExactly(GroupScale.ONE, new GroupScale(0.5, 1));
        assertThatThrownBy(() -> groups.scalesFor(List.of("0.weight", "0.bias")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter group '1.weight' is not a parameter of the network (parameters: 0.weight,"
                        + " 0.bias)");
    }
}

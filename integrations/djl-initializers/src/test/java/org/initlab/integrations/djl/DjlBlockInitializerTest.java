package org.initlab.integrations.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import org.initlab.initializers.HeNormalInitializer;
import org.initlab.initializers.OrthogonalInitializer;
import org.initlab.initializers.PyTorchDefaultInitializer;
import org.initlab.initializers.XavierNormalInitializer;
import org.initlab.spi.Initializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DjlBlockInitializerTest {
    private static final long SEED = 42;
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** What initlab's own plan writes into a parameter: its initializer, forked by seed, "init" and the name. */
    private static float[] initlab(Initializer initializer, ParameterSpec parameter) {
        float[] v = new float[parameter.elementCount()];
        initializer.initialize(parameter, v, SeededRandom.of(SEED).fork("init").fork(parameter.path()));
        return v;
    }

    @Test
    void fillsLinearLayersWithInitlabsValuesForTheSeedAndParameterName() {
        Block block = DjlFixtures.mlp(manager);
        List<InitializedParameter> done = DjlBlockInitializer.of("he-normal(nonlinearity=relu)")
                .withBiases("pytorch-default").withRule("05Linear_weight=xavier-normal")
                .withNonlinearity("relu").withNonlinearity("05Linear_*", "linear")
                .initialize(block, SEED);

        assertThat(done).extracting(InitializedParameter::toString).containsExactly(
                "01Linear_weight [8, 12] he-normal(nonlinearity=relu)", "01Linear_bias [8] pytorch-default",
                "03Linear_weight [5, 8] he-normal(nonlinearity=relu)", "03Linear_bias [5] pytorch-default",
                "05Linear_weight [3, 5] xavier-normal", "05Linear_bias [3] pytorch-default");
        assertThat(done.get(4).nonlinearity()).isEqualTo(Nonlinearity.LINEAR);
        Map<String, float[]> values = DjlFixtures.values(block);
        Nonlinearity relu = Nonlinearity.of("relu");
        Initializer he = new HeNormalInitializer(0, "fan_in", "relu");
        assertThat(values.get("01Linear_weight")).containsExactly(initlab(he,
                ParameterSpec.weight("01Linear_weight", TensorShape.of(8, 12), LayerKind.DENSE, relu)));
        assertThat(values.get("03Linear_weight")).containsExactly(initlab(he,
                ParameterSpec.weight("03Linear_weight", TensorShape.of(5, 8), LayerKind.DENSE, relu)));
        assertThat(values.get("05Linear_weight")).containsExactly(initlab(new XavierNormalInitializer(),
                ParameterSpec.weight("05Linear_weight", TensorShape.of(3, 5), LayerKind.DENSE,
                        Nonlinearity.LINEAR)));
        // pytorch-default's bias is U(+-1/sqrt(fan_in)) of its layer: the fans come from DJL's [out, in] weight
        assertThat(values.get("03Linear_bias")).containsExactly(initlab(new PyTorchDefaultInitializer(),
                ParameterSpec.bias("03Linear_bias", 5, TensorShape.of(5, 8), LayerKind.DENSE, relu)));
        for (float v : values.get("03Linear_bias")) {
            assertThat(Math.abs(v)).isLessThan((float) (1 / Math.sqrt(8)));
        }
    }

    @Test
    void fillsConvolutionsWithInitlabsValuesAndLeavesBatchNormAtOneAndZero() {
        Block block = DjlFixtures.cnn(manager);
        List<InitializedParameter> done = DjlBlockInitializer.of("orthogonal").withBiases("pytorch-default")
                .withRule("*Linear_weight=he-normal").initialize(block, SEED);

        assertThat(done).extracting(InitializedParameter::toString).containsExactly(
                "01Conv2d_weight [4, 2, 3, 3] orthogonal", "01Conv2d_bias [4] pytorch-default",
                "02BatchNorm_gamma [4] ones", "02BatchNorm_beta [4] zeros",
                "04Conv2d_weight [6, 2, 3, 3] orthogonal", "04Conv2d_bias [6] pytorch-default",
                "07Linear_weight [3, 96] he-normal", "07Linear_bias [3] pytorch-default");
        Map<String, float[]> values = DjlFixtures.values(block);
        Nonlinearity linear = Nonlinearity.LINEAR;
        assertThat(values.get("01Conv2d_weight")).containsExactly(initlab(new OrthogonalInitializer(),
                ParameterSpec.weight("01Conv2d_weight", TensorShape.of(4, 2, 3, 3), LayerKind.CONV, linear)));
        // the grouped convolution's weight is [out, in/groups, kh, kw]: fan_in = 2 * 9 for its bias bound
        TensorShape grouped = TensorShape.of(6, 2, 3, 3);
        assertThat(values.get("04Conv2d_weight")).containsExactly(initlab(new OrthogonalInitializer(),
                ParameterSpec.weight("04Conv2d_weight", grouped, LayerKind.CONV, linear)));
        assertThat(values.get("04Conv2d_bias")).containsExactly(initlab(new PyTorchDefaultInitializer(),
                ParameterSpec.bias("04Conv2d_bias", 6, grouped, LayerKind.CONV, linear)));
        assertThat(values.get("07Linear_weight")).containsExactly(initlab(new HeNormalInitializer(),
                ParameterSpec.weight("07Linear_weight", TensorShape.of(3, 96), LayerKind.DENSE, linear)));
        assertThat(values.get("02BatchNorm_gamma")).containsOnly(1f);
        assertThat(values.get("02BatchNorm_beta")).containsOnly(0f);
        assertThat(values.get("02BatchNorm_runningVar")).as("running statistics are DJL's").containsOnly(1f);
    }

    @Test
    void oneSeedGivesIdenticalWeightsWhateverTheBlockHeldBeforeAndAnotherSeedDiffers() {
        Block first = DjlFixtures.mlp(manager);
        Block second = DjlFixtures.mlp(manager);
        assertThat(DjlFixtures.values(first).get("01Linear_weight"))
                .isNotEqualTo(DjlFixtures.values(second).get("01Linear_weight"));
        DjlBlockInitializer init = DjlBlockInitializer.of("orthogonal");
        init.initialize(first, 7);
        init.initialize(second, 7);
        Map<String, float[]> a = DjlFixtures.values(first);
        Map<String, float[]> b = DjlFixtures.values(second);
        a.forEach((name, v) -> assertThat(b.get(name)).as(name).containsExactly(v));

        init.initialize(second, 8);
        assertThat(DjlFixtures.values(second).get("01Linear_weight")).isNotEqualTo(a.get("01Linear_weight"));
    }

    @Test
    void anUnsupportedShapeIsOneLineNamingTheParameterAndNothingIsWritten() {
        Block block = DjlFixtures.mlp(manager);
        Map<String, float[]> before = DjlFixtures.values(block);
        DjlBlockInitializer dirac = DjlBlockInitializer.of("he-normal").withRule("03Linear_weight=dirac");
        assertThatThrownBy(() -> dirac.initialize(block, SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dirac cannot initialize parameter 03Linear_weight [5, 8]: dirac needs a tensor with "
                        + "3, 4 or 5 dimensions, got shape [5, 8] (parameter 03Linear_weight)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Map<String, float[]> after = DjlFixtures.values(block);
        before.forEach((name, v) -> assertThat(after.get(name)).as(name).containsExactly(v));

        Block cnn = DjlFixtures.cnn(manager);
        assertThatThrownBy(() -> DjlBlockInitializer.of("identity").initialize(cnn, SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("identity cannot initialize parameter 01Conv2d_weight [4, 2, 3, 3]: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void rulesThatMatchNothingAndBadRulesAreRefused() {
        Block block = DjlFixtures.mlp(manager);
        assertThatThrownBy(() -> DjlBlockInitializer.of("he-normal").withRule("*.bias=zeros").initialize(block, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule '*.bias=zeros' matches no parameter of the DJL block (its parameters: "
                        + "01Linear_weight, 01Linear_bias, 03Linear_weight, 03Linear_bias, 05Linear_weight, "
                        + "05Linear_bias)");
        assertThatThrownBy(() -> DjlBlockInitializer.of("he-normal").withRule("01Linear_weight"))
                .hasMessageStartingWith("bad init rule '01Linear_weight': expected GLOB=SPEC");
        assertThatThrownBy(() -> DjlBlockInitializer.of("he-normal").withRule("01Linear weight=zeros"))
                .hasMessageContaining("has ' ' at position 9");
        assertThatThrownBy(() -> DjlBlockInitializer.of("he-normal").withRule("*_bias=zeroes"))
                .hasMessageStartingWith("bad init rule '*_bias=zeroes': unknown initializer 'zeroes'");
        assertThatThrownBy(() -> DjlBlockInitializer.of("he-normal").withNonlinearity("relux"))
                .hasMessageStartingWith("unsupported nonlinearity 'relux'");
    }

    @Test
    void ruleGlobsSelectParametersByDjlName() {
        Block block = DjlFixtures.mlp(manager);
        List<InitializedParameter> done = DjlBlockInitializer.of("he-normal").withBiases("pytorch-default")
                .withRule("*_bias=constant(0.25)").withRule("0*_weight=orthogonal").withRule("*=zeros")
                .initialize(block, SEED);
        assertThat(done).extracting(InitializedParameter::spec).containsExactly("orthogonal", "constant(value=0.25)",
                "orthogonal", "constant(value=0.25)", "orthogonal", "constant(value=0.25)");
        assertThat(DjlFixtures.values(block).get("05Linear_bias")).containsOnly(0.25f);
    }

    @Test
    void aBlockDjlHasNotInitializedIsRefused() {
        Block fresh = new ai.djl.nn.SequentialBlock().add(ai.djl.nn.core.Linear.builder().setUnits(2).build());
        assertThatThrownBy(() -> DjlBlockInitializer.of("he-normal").initialize(fresh, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parameter 01Linear_weight of the DJL block has no values yet");
    }
}

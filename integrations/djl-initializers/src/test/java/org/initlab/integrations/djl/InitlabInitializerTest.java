package org.initlab.integrations.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** initlab initializers on DJL's own initialization path. */
class InitlabInitializerTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static Block uninitializedMlp(int secondUnits) {
        return new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(secondUnits).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(3).build());
    }

    @Test
    void namedPerParameterItFillsWhatTheBlockInitializerFills() {
        Block djl = uninitializedMlp(5);   // DjlFixtures.mlp's layers
        for (Pair<String, Parameter> p : djl.getParameters()) {
            String spec = p.getValue().getType() == Parameter.Type.BIAS ? "zeros" : "orthogonal";
            p.getValue().setInitializer(InitlabInitializer.of(spec).withSeed(3).forParameter(p.getKey()));
        }
        djl.initialize(manager, DataType.FLOAT32, new Shape(1, 12));

        Block reference = DjlFixtures.mlp(manager);
        DjlBlockInitializer.of("orthogonal").initialize(reference, 3);
        Map<String, float[]> expected = DjlFixtures.values(reference);
        DjlFixtures.values(djl).forEach((name, v) -> assertThat(v).as(name).containsExactly(expected.get(name)));
    }

    @Test
    void unnamedAFreshInstancePerModelGivesTheSameArraysAndLayersOfOneShapeDiffer() {
        Block first = uninitializedMlp(8);
        first.setInitializer(InitlabInitializer.of("he-normal").withSeed(5), Parameter.Type.WEIGHT);
        first.initialize(manager, DataType.FLOAT32, new Shape(1, 8));
        Block second = uninitializedMlp(8);
        second.setInitializer(InitlabInitializer.of("he-normal").withSeed(5), Parameter.Type.WEIGHT);
        second.initialize(manager, DataType.FLOAT32, new Shape(1, 8));
        Map<String, float[]> a = DjlFixtures.values(first);
        Map<String, float[]> b = DjlFixtures.values(second);
        a.forEach((name, v) -> assertThat(b.get(name)).as(name).containsExactly(v));
        assertThat(a.get("01Linear_weight")).hasSize(64).isNotEqualTo(a.get("03Linear_weight"));
    }

    @Test
    void anUnsupportedShapeIsOneLineNamingTheParameter() {
        Block block = uninitializedMlp(8);
        block.getParameters().get("03Linear_weight").setInitializer(
                InitlabInitializer.of("dirac").forParameter("03Linear_weight"));
        assertThatThrownBy(() -> block.initialize(manager, DataType.FLOAT32, new Shape(1, 12)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dirac cannot initialize parameter 03Linear_weight [8, 8]: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void initializersThatNeedDataOrResidualStructureAreRefused() {
        assertThatThrownBy(() -> InitlabInitializer.of("lsuv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lsuv needs data: ");
        assertThatThrownBy(() -> InitlabInitializer.of("fixup"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("residual network");
        assertThatThrownBy(() -> InitlabInitializer.of("he-nromal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown initializer 'he-nromal' (known: ");
    }
}

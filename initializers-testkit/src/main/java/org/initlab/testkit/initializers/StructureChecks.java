package org.initlab.testkit.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.initlab.spi.Initializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;
import org.junit.jupiter.api.Assumptions;

/**
 * The kit's checks of {@link StructureAwareInitializer}s: a network without residual blocks is refused with one
 * line naming the initializer, and the initializer's own residual network is accepted and what a plan hands
 * its weights initializer (kernels and claimed parameters; layer biases go to the bias initializer) is filled
 * deterministically, completely and as its stated standard deviations say. Skipped, with the reason, for plain
 * initializers.
 */
final class StructureChecks {
    private final String name;
    private final List<String> specs;
    private final Function<String, Initializer> create;

    StructureChecks(String name, List<String> specs, Function<String, Initializer> create) {
        this.name = name;
        this.specs = specs;
        this.create = create;
    }

    /** The structure-aware specs; aborts the calling test when there are none. */
    private List<String> awareSpecs() {
        List<String> aware = specs.stream().filter(s -> create.apply(s) instanceof StructureAwareInitializer).toList();
        Assumptions.assumeFalse(aware.isEmpty(), name + " is not a StructureAwareInitializer: it fills any "
                + "network, so there is no network for it to refuse");
        return aware;
    }

    void refusesNetworksWithoutBlocks(List<ParameterSpec> unplaced) {
        for (String spec : awareSpecs()) {
            StructureAwareInitializer initializer = (StructureAwareInitializer) create.apply(spec);
            for (List<ParameterSpec> network : List.of(ResidualNetworks.plainMlp(), unplaced)) {
                String what = network == unplaced ? "parameters without a Placement" : "a network without residual "
                        + "blocks (ResidualNetworks.plainMlp())";
                assertThatIllegalArgumentException().as("%s.checkNetwork on %s", spec, what)
                        .isThrownBy(() -> initializer.checkNetwork(network))
                        .satisfies(e -> assertThat(e.getMessage()).as("message").doesNotContain("\n")
                                .contains(name));
            }
        }
    }

    void fillsItsResidualNetwork(List<ParameterSpec> network, List<Long> seeds) {
        for (String spec : awareSpecs()) {
            StructureAwareInitializer initializer = (StructureAwareInitializer) create.apply(spec);
            try {
                initializer.checkNetwork(network);
            } catch (IllegalArgumentException e) {
                fail("%s refuses the kit's residual network (override residualNetwork() with one it fits): %s", spec,
                        e.getMessage());
            }
            Initializer again = create.apply(initializer.toString());
            for (ParameterSpec parameter : network.stream().filter(p -> fillsAsWeights(initializer, p)).toList()) {
                for (long seed : seeds) {
                    float[] values = fill(initializer, parameter, seed);
                    for (int i = 0; i < values.length; i++) {
                        if (Float.isNaN(values[i])) {
                            fail("%s left element %d of %s %s unwritten", spec, i, parameter.path(), parameter.shape());
                        }
                    }
                    assertThat(fill(initializer, parameter, seed)).as("%s on %s, seed %d, called twice", spec,
                            parameter.path(), seed).containsExactly(values);
                    assertThat(fill(again, parameter, seed)).as("%s on %s, seed %d, from its canonical spec '%s'",
                            spec, parameter.path(), seed, initializer).containsExactly(values);
                    OptionalDouble std = initializer.expectedStd(parameter);
                    if (std.isPresent()) {
                        assertThat(SampleStatistics.varianceConsistent(values, std.getAsDouble(), 5))
                                .as("%s on %s, seed %d: expectedStd %s, sample std %s", spec, parameter.path(), seed,
                                        std.getAsDouble(), SampleStatistics.std(values)).isTrue();
                    }
                }
            }
        }
    }

    /**
     * Whether a plan with this weights initializer hands it the parameter: every kernel (not a layer bias, not a
     * normalization scale or shift, not a gate or scalar bias, not a transformer's class token or positional
     * embedding, which start at torchvision's values) and every parameter it claims.
     */
    private static boolean fillsAsWeights(StructureAwareInitializer initializer, ParameterSpec parameter) {
        if (initializer.claims(parameter)) {
            return true;
        }
        Placement.Region region = parameter.placement().map(Placement::region).orElse(Placement.Region.TRUNK);
        boolean tokenStart = parameter.path().endsWith(".class_token") || parameter.path().endsWith(".pos_embedding");
        return parameter.role() != ParameterRole.BIAS && parameter.layerKind() != LayerKind.NORMALIZATION
                && region != Placement.Region.GATE && region != Placement.Region.SCALAR_BIAS && !tokenStart;
    }

    private static float[] fill(Initializer initializer, ParameterSpec parameter, long seed) {
        float[] values = new float[parameter.elementCount()];
        Arrays.fill(values, Float.NaN);
        initializer.initialize(parameter, values, SeededRandom.of(seed).fork(parameter.path()));
        return values;
    }
}

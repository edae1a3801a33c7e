package org.initlab.testkit.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The tests every initializer provider must pass, modelled on Micrometer's {@code MeterRegistryCompatibilityKit}:
 * subclass it, return the provider, and say what the initializer promises. A plugin's complete test can be
 * <pre>{@code
 * class KumarNormalContractTest extends InitializerContractKit {
 *     protected InitializerProvider provider() { return new KumarNormalProvider(); }
 *     protected List<String> specs() { return List.of("kumar-normal", "kumar-normal(nonlinearity=tanh)"); }
 *     protected List<ParameterSpec> unsupportedParameters() { return List.of(bias(10)); }
 *     protected Optional<ContinuousDistribution> expectedDistribution(String spec, ParameterSpec p) {
 *         return Optional.of(NormalDistribution.of(0, ...));   // written out from the paper's formula
 *     }
 * }
 * }</pre>
 *
 * <p>What it checks, for every spec of {@link #specs()} on every parameter of {@link #supportedParameters()}:
 * the provider is found by {@link java.util.ServiceLoader} and describes itself; the same seed gives the same
 * values (bit for bit) and, for a random initializer, other seeds give other values; every element is written
 * (the array is filled with NaN first and none may remain); a parameter of {@link #unsupportedParameters()} is
 * refused with an {@link IllegalArgumentException} whose one-line message names the shape or the initializer;
 * the values follow {@link #expectedDistribution} under a Kolmogorov-Smirnov test ({@code p > 1e-4} for each of
 * three seeds) and {@link Initializer#expectedStd} agrees with it, or, where only a std is stated, the sample
 * variance is consistent with it; and the canonical spec ({@code toString()}) parses back to an initializer that
 * prints the same spec and writes the same values. A {@link org.initlab.spi.StructureAwareInitializer} must also
 * refuse a network without residual blocks (and parameters without placements) with one line naming it, and
 * accept and fill {@link #residualNetwork()}; for plain initializers those two checks are skipped.
 */
public abstract class InitializerContractKit {
    /** The smallest Kolmogorov-Smirnov p-value accepted. */
    public static final double MIN_P = 1e-4;
    /** The seeds every check runs with. */
    public static final List<Long> SEEDS = List.of(1L, 42L, 20_260_101L);
    private static final String NAME_PATTERN = "[a-z][a-z0-9]*(-[a-z0-9]+)*";

    /**
     * @return the provider under test, freshly constructed as {@link java.util.ServiceLoader} would
     */
    protected abstract InitializerProvider provider();

    /**
     * @return the specs to test, each naming the provider; by default its name alone, which needs every option
     *         to have a default
     */
    protected List<String> specs() {
        InitializerProvider provider = provider();
        if (provider.options().stream().anyMatch(OptionSpec::required)) {
            fail("%s has required options: override specs() with specs that give them", provider.name());
        }
        return List.of(provider.name());
    }

    /** @return parameters every spec accepts; by default a dense weight [32, 64] and a conv weight [16, 8, 3, 3] */
    protected List<ParameterSpec> supportedParameters() {
        return List.of(weight(32, 64), weight(16, 8, 3, 3));
    }

    /** @return parameters every spec must refuse; by default none, and the check is skipped */
    protected List<ParameterSpec> unsupportedParameters() {
        return List.of();
    }

    /**
     * @return the network a structure-aware initializer is run on; by default
     *         {@link ResidualNetworks#residualMlp ResidualNetworks.residualMlp(3, true, false)}: 3 gated blocks
     *         without normalization. Override for one that needs normalization, say, or with a ViT from
     *         {@link TransformerNetworks#vit(int, TransformerNetworks.NormPlacement, double)} for a transformer
     *         initializer.
     */
    protected List<ParameterSpec> residualNetwork() {
        return ResidualNetworks.residualMlp(3, true, false);
    }

    /**
     * The distribution each element follows, written out from the initializer's formula (not from its code).
     *
     * @param spec      one of {@link #specs()}
     * @param parameter one of {@link #supportedParameters()}
     * @return the distribution, or empty when the values are deterministic or follow no simple law (orthogonal
     *         matrices); by default empty
     */
    protected Optional<ContinuousDistribution> expectedDistribution(String spec, ParameterSpec parameter) {
        return Optional.empty();
    }

    /**
     * @param spec one of {@link #specs()}
     * @return whether the values depend on the seed; by default whether a distribution is stated for the first
     *         supported parameter
     */
    protected boolean dependsOnSeed(String spec) {
        return expectedDistribution(spec, supportedParameters().get(0)).isPresent();
    }

    /**
     * A weight of a dense layer (2 dimensions) or a convolution (3 to 5), path {@code 0.weight}, linear.
     *
     * @param dims the shape
     * @return the parameter
     */
    protected static ParameterSpec weight(int... dims) {
        return ParameterSpec.weight("0.weight", TensorShape.of(dims), dims.length > 2 ? LayerKind.CONV
                : LayerKind.DENSE, Nonlinearity.LINEAR);
    }

    /**
     * A bias of {@code length} elements of a dense layer with {@code length} units and 16 inputs.
     *
     * @param length the number of elements
     * @return the parameter
     */
    protected static ParameterSpec bias(int length) {
        return ParameterSpec.bias("0.bias", length, TensorShape.of(length, 16), LayerKind.DENSE, Nonlinearity.LINEAR);
    }

    /** @return the initializer of {@code spec}, created as initlab's registry creates it */
    protected final Initializer create(String spec) {
        return Specs.create(provider(), spec);
    }

    /** The values of one spec on one parameter with {@code SeededRandom.of(seed).fork(path)}, from NaN. */
    private float[] fill(Initializer initializer, ParameterSpec parameter, long seed) {
        float[] values = new float[parameter.elementCount()];
        Arrays.fill(values, Float.NaN);
        initializer.initialize(parameter, values, SeededRandom.of(seed).fork(parameter.path()));
        return values;
    }

    @Test
    public void isDiscoveredByServiceLoaderAndDescribesItself() {
        InitializerProvider provider = provider();
        List<InitializerProvider> discovered = Specs.discovered(provider);
        assertThat(discovered).as("providers ServiceLoader finds (is %s listed in "
                        + "META-INF/services/org.initlab.spi.InitializerProvider?)", provider.getClass().getName())
                .anyMatch(p -> p.getClass() == provider.getClass());
        List<String> names = new ArrayList<>(provider.aliases());
        names.add(provider.name());
        for (String name : names) {
            assertThat(name).as("name or alias").matches(NAME_PATTERN);
            assertThat(discovered.stream().filter(p -> p.name().equals(name) || p.aliases().contains(name)))
                    .as("providers answering to '%s'", name).hasSize(1);
        }
        assertThat(provider.summary()).as("summary").isNotBlank().doesNotContain("\n");
        assertThat(provider.options()).as("options").isUnmodifiable()
                .extracting(OptionSpec::name).doesNotHaveDuplicates();
        assertThat(provider.aliases()).as("aliases").isUnmodifiable();
    }

    @Test
    public void theSameSeedGivesTheSameValues() {
        for (String spec : specs()) {
            Initializer initializer = create(spec);
            for (ParameterSpec parameter : supportedParameters()) {
                for (long seed : SEEDS) {
                    float[] first = fill(initializer, parameter, seed);
                    float[] again = fill(initializer, parameter, seed);
                    float[] fresh = fill(create(spec), parameter, seed);
                    assertThat(again).as("%s on %s, seed %d, called twice", spec, parameter.shape(), seed)
                            .containsExactly(first);
                    assertThat(fresh).as("%s on %s, seed %d, a second instance", spec, parameter.shape(), seed)
                            .containsExactly(first);
                }
            }
        }
    }

    @Test
    public void otherSeedsGiveOtherValues() {
        List<String> random = specs().stream().filter(this::dependsOnSeed).toList();
        Assumptions.assumeFalse(random.isEmpty(), "no spec is random");
        for (String spec : random) {
            Initializer initializer = create(spec);
            for (ParameterSpec parameter : supportedParameters()) {
                float[] first = fill(initializer, parameter, SEEDS.get(0));
                for (long seed : SEEDS.subList(1, SEEDS.size())) {
                    assertThat(fill(initializer, parameter, seed))
                            .as("%s on %s: seed %d gives the values of seed %d (is the SeededRandom ignored?)", spec,
                                    parameter.shape(), seed, SEEDS.get(0))
                            .isNotEqualTo(first);
                }
            }
        }
    }

    @Test
    public void everyElementIsWritten() {
        for (String spec : specs()) {
            for (ParameterSpec parameter : supportedParameters()) {
                float[] values = fill(create(spec), parameter, SEEDS.get(0));
                for (int i = 0; i < values.length; i++) {
                    if (Float.isNaN(values[i])) {
                        fail("%s on %s left element %d of %d unwritten (still the NaN the kit filled in)", spec,
                                parameter.shape(), i, values.length);
                    }
                }
            }
        }
    }

    @Test
    public void unsupportedShapesAreRefusedWithAClearError() {
        Assumptions.assumeFalse(unsupportedParameters().isEmpty(), "no unsupported parameter declared");
        for (String spec : specs()) {
            for (ParameterSpec parameter : unsupportedParameters()) {
                Initializer initializer = create(spec);
                assertThatIllegalArgumentException().as("%s on %s", spec, parameter.shape())
                        .isThrownBy(() -> fill(initializer, parameter, SEEDS.get(0)))
                        .satisfies(e -> assertThat(e.getMessage()).as("message").isNotBlank().doesNotContain("\n")
                                .containsAnyOf(parameter.shape().toString(), provider().name(), parameter.path()));
            }
        }
    }

    @Test
    public void valuesFollowTheStatedDistribution() {
        boolean any = false;
        for (String spec : specs()) {
            Initializer initializer = create(spec);
            for (ParameterSpec parameter : supportedParameters()) {
                Optional<ContinuousDistribution> distribution = expectedDistribution(spec, parameter);
                if (distribution.isEmpty()) {
                    continue;
                }
                any = true;
                for (long seed : SEEDS) {
                    double p = SampleStatistics.kolmogorovSmirnovP(fill(initializer, parameter, seed),
                            distribution.get());
                    assertThat(p).as("Kolmogorov-Smirnov p of %s on %s, seed %d, against %s", spec,
                            parameter.shape(), seed, distribution.get()).isGreaterThan(MIN_P);
                }
                OptionalDouble std = initializer.expectedStd(parameter);
                if (std.isPresent()) {
                    double theory = Math.sqrt(distribution.get().getVariance());
                    assertThat(std.getAsDouble()).as("expectedStd of %s on %s", spec, parameter.shape())
                            .isCloseTo(theory, org.assertj.core.api.Assertions.within(1e-6 * theory + 1e-12));
                }
            }
        }
        Assumptions.assumeTrue(any, "no distribution stated");
    }

    @Test
    public void aStatedStdMatchesTheValues() {
        boolean any = false;
        for (String spec : specs()) {
            Initializer initializer = create(spec);
            for (ParameterSpec parameter : supportedParameters()) {
                OptionalDouble std = initializer.expectedStd(parameter);
                if (std.isEmpty()) {
                    continue;
                }
                any = true;
                for (long seed : SEEDS) {
                    float[] values = fill(initializer, parameter, seed);
                    assertThat(SampleStatistics.varianceConsistent(values, std.getAsDouble(), 5))
                            .as("%s on %s, seed %d: expectedStd %s, sample std %s", spec, parameter.shape(), seed,
                                    std.getAsDouble(), SampleStatistics.std(values))
                            .isTrue();
                }
            }
        }
        Assumptions.assumeTrue(any, "no std stated");
    }

    @Test
    public void theCanonicalSpecRoundTrips() {
        InitializerProvider provider = provider();
        for (String spec : specs()) {
            Initializer initializer = create(spec);
            String canonical = initializer.toString();
            assertThat(canonical).as("toString() of %s, the canonical spec", spec)
                    .matches(java.util.regex.Pattern.quote(provider.name()) + "(\\(.*\\))?");
            Initializer again = create(canonical);
            assertThat(again).as("toString() of '%s'", canonical).hasToString(canonical);
            if (hasOwnEquals(initializer)) {
                assertThat(again).as("'%s', the canonical spec of '%s', parsed back: equals() says it is another "
                        + "initializer (does toString() drop an option?)", canonical, spec).isEqualTo(initializer);
            }
            for (ParameterSpec parameter : supportedParameters()) {
                assertThat(fill(again, parameter, SEEDS.get(0))).as("'%s', the canonical spec of '%s', parsed back, "
                        + "on %s", canonical, spec, parameter.shape()).containsExactly(fill(initializer, parameter, SEEDS.get(0)));
            }
        }
    }

    @Test
    public void aStructureAwareInitializerRefusesANetworkWithoutResidualBlocks() {
        new StructureChecks(provider().name(), specs(), this::create).refusesNetworksWithoutBlocks(
                supportedParameters());
    }

    @Test
    public void aStructureAwareInitializerFillsItsResidualNetwork() {
        new StructureChecks(provider().name(), specs(), this::create).fillsItsResidualNetwork(residualNetwork(),
                SEEDS);
    }

    private static boolean hasOwnEquals(Initializer initializer) {
        try {
            return initializer.getClass().getMethod("equals", Object.class).getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}

package org.initlab.initializers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.ParameterSpec;
import org.initlab.testkit.initializers.InitializerContractKit;
import org.initlab.testkit.initializers.ResidualNetworks;
import org.initlab.testkit.initializers.TransformerNetworks;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in provider against the initializer contract kit, as a plugin would run it: one kit run per
 * provider found by {@link java.util.ServiceLoader}. The distributions are written out from the formulas (fans
 * computed here, not by {@link org.initlab.spi.Fans}); providers absent from {@link #LAWS} are deterministic or,
 * when listed in {@link #RANDOM_WITHOUT_A_LAW}, random without a simple law.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("names")
class BuiltinInitializerContractTest extends InitializerContractKit {
    /** Specs beyond the bare name, so that options round-trip too. */
    private static final Map<String, List<String>> SPECS = Map.ofEntries(
            Map.entry("constant", List.of("constant(0.5)")),
            Map.entry("sparse", List.of("sparse(0.5)", "sparse(sparsity=0.25, std=0.1)")),
            Map.entry("pretrained", List.of(Catalogue.PRETRAINED)),
            Map.entry("uniform", List.of("uniform", "uniform(a=-2, b=3)")),
            Map.entry("normal", List.of("normal", "normal(mean=1.5, std=0.02)")),
            Map.entry("he-normal", List.of("he-normal", "kaiming-normal(mode=fan_out, nonlinearity=relu)")),
            Map.entry("he-uniform", List.of("he-uniform", "he-uniform(a=0.2, mode=fan_out)")),
            Map.entry("xavier-normal", List.of("xavier-normal", "glorot-normal(gain=0.5)")),
            Map.entry("lsuv", List.of("lsuv", "lsuv(tol=0.02, pre=he-normal)")),
            Map.entry("fixup", List.of("fixup", "fixup(mode=fan_out)")),
            Map.entry("skipinit", List.of("skipinit", "skipinit(base=xavier-normal, alpha=0.125)")),
            Map.entry("rezero", List.of("rezero", "rezero(lecun-normal)")),
            Map.entry("zero-gamma", List.of("zero-gamma", "zero-gamma(base=\"he-normal(mode=fan_out)\")")),
            Map.entry("residual-scaled", List.of("residual-scaled",
                    "residual-scaled(base=lecun-normal, exponent=1, branches_per_block=2)")),
            Map.entry("gpt2", List.of("gpt2", "gpt2(std=0.01)")),
            Map.entry("bert", List.of("bert", "bert(std=0.05)")),
            Map.entry("small-embedding", List.of("small-embedding", "small-embedding(base=he-normal, scale=0.001)")));

    /** The law of each random spec, from its formula. */
    private static final Map<String, Function<Fan, ContinuousDistribution>> LAWS = Map.ofEntries(
            Map.entry("uniform", f -> UniformContinuousDistribution.of(0, 1)),
            Map.entry("uniform(a=-2, b=3)", f -> UniformContinuousDistribution.of(-2, 3)),
            Map.entry("normal", f -> NormalDistribution.of(0, 1)),
            Map.entry("normal(mean=1.5, std=0.02)", f -> NormalDistribution.of(1.5, 0.02)),
            Map.entry("trunc-normal", f -> TruncatedNormalDistribution.of(0, 1, -2, 2)),
            Map.entry("xavier-uniform", f -> symmetricUniform(Math.sqrt(6 / (f.in() + f.out())))),
            Map.entry("xavier-normal", f -> NormalDistribution.of(0, Math.sqrt(2 / (f.in() + f.out())))),
            Map.entry("glorot-normal(gain=0.5)", f -> NormalDistribution.of(0, 0.5 * Math.sqrt(2 / (f.in() + f.out())))),
            Map.entry("he-uniform", f -> symmetricUniform(Math.sqrt(2) * Math.sqrt(3 / f.in()))),
            Map.entry("he-uniform(a=0.2, mode=fan_out)",
                    f -> symmetricUniform(Math.sqrt(2 / (1 + 0.04)) * Math.sqrt(3 / f.out()))),
            Map.entry("he-normal", f -> NormalDistribution.of(0, Math.sqrt(2 / f.in()))),
            Map.entry("kaiming-normal(mode=fan_out, nonlinearity=relu)",
                    f -> NormalDistribution.of(0, Math.sqrt(2 / f.out()))),
            Map.entry("lecun-uniform", f -> symmetricUniform(Math.sqrt(3 / f.in()))),
            Map.entry("lecun-normal", f -> NormalDistribution.of(0, Math.sqrt(1 / f.in()))),
            Map.entry("variance-scaling", f -> {
                double s = Math.sqrt(1 / f.in()) / 0.87962566103423978;
                return TruncatedNormalDistribution.of(0, s, -2 * s, 2 * s);
            }),
            Map.entry("pytorch-default", f -> symmetricUniform(1 / Math.sqrt(f.in()))),
            Map.entry("keras-default", f -> symmetricUniform(Math.sqrt(6 / (f.in() + f.out())))),
            Map.entry("djl-default", f -> symmetricUniform(Math.sqrt(12 / (f.in() + f.out())))),
            // structure-aware ones on parameters without a placement (trunk kernels; linear, so He's gain is 1)
            Map.entry("fixup", f -> NormalDistribution.of(0, Math.sqrt(1 / f.in()))),
            Map.entry("fixup(mode=fan_out)", f -> NormalDistribution.of(0, Math.sqrt(1 / f.out()))),
            Map.entry("skipinit", f -> NormalDistribution.of(0, Math.sqrt(2 / f.in()))),
            Map.entry("skipinit(base=xavier-normal, alpha=0.125)",
                    f -> NormalDistribution.of(0, Math.sqrt(2 / (f.in() + f.out())))),
            Map.entry("rezero", f -> NormalDistribution.of(0, Math.sqrt(2 / f.in()))),
            Map.entry("rezero(lecun-normal)", f -> NormalDistribution.of(0, Math.sqrt(1 / f.in()))),
            Map.entry("zero-gamma", f -> NormalDistribution.of(0, Math.sqrt(2 / f.in()))),
            Map.entry("zero-gamma(base=\"he-normal(mode=fan_out)\")", f -> NormalDistribution.of(0, Math.sqrt(2 / f.out()))),
            Map.entry("residual-scaled", f -> NormalDistribution.of(0, Math.sqrt(2 / f.in()))),
            Map.entry("residual-scaled(base=lecun-normal, exponent=1, branches_per_block=2)",
                    f -> NormalDistribution.of(0, Math.sqrt(1 / f.in()))),
            // transformer ones on unplaced kernels: their rule for a kernel that is no projection of a block
            Map.entry("gpt2", f -> NormalDistribution.of(0, 0.02)),
            Map.entry("gpt2(std=0.01)", f -> NormalDistribution.of(0, 0.01)),
            Map.entry("bert", f -> TruncatedNormalDistribution.of(0, 0.02, -0.04, 0.04)),
            Map.entry("bert(std=0.05)", f -> TruncatedNormalDistribution.of(0, 0.05, -0.1, 0.1)),
            Map.entry("t-fixup", f -> symmetricUniform(Math.sqrt(6 / (f.in() + f.out())))),
            Map.entry("deepnorm", f -> NormalDistribution.of(0, Math.sqrt(2 / (f.in() + f.out())))),
            Map.entry("small-embedding", f -> symmetricUniform(Math.sqrt(6 / (f.in() + f.out())))),
            Map.entry("small-embedding(base=he-normal, scale=0.001)", f -> NormalDistribution.of(0, Math.sqrt(2 / f.in()))));

    /** Random, but no simple law per element (QR of a Gaussian matrix, random zero rows). */
    private static final List<String> RANDOM_WITHOUT_A_LAW = List.of("orthogonal", "delta-orthogonal", "sparse",
            "lsuv");

    private final String name;

    BuiltinInitializerContractTest(String name) {
        this.name = name;
    }

    static List<String> names() {
        return Catalogue.providers().stream().map(InitializerProvider::name).toList();
    }

    @Override
    protected InitializerProvider provider() {
        return Catalogue.provider(name);
    }

    @Override
    protected List<String> specs() {
        return SPECS.getOrDefault(name, List.of(name));
    }

    @Override
    protected List<ParameterSpec> supportedParameters() {
        if (Catalogue.MATRIX_ONLY.contains(name)) {
            return List.of(weight(32, 64), weight(64, 32));
        }
        if (Catalogue.CONV_ONLY.contains(name)) {
            return List.of(weight(16, 8, 3, 3), weight(8, 8, 5));
        }
        return super.supportedParameters();
    }

    @Override
    protected List<ParameterSpec> unsupportedParameters() {
        if (Catalogue.MATRIX_ONLY.contains(name)) {
            return List.of(weight(4, 3, 3));
        }
        if (Catalogue.CONV_ONLY.contains(name)) {
            return List.of(weight(4, 4));
        }
        if (Catalogue.FAN_BASED.contains(name) || name.equals("zero-init") || name.equals("lsuv")
                || Catalogue.STRUCTURE_AWARE.contains(name) || List.of("t-fixup", "deepnorm", "small-embedding")
                .contains(name)) {
            return List.of(weight(7));
        }
        return List.of();
    }

    /**
     * zero-gamma needs normalization in its branches; the transformer ones a ViT of 2 blocks (t-fixup without layer
     * norms, deepnorm post-LN with its shortcut multiplier); the others the kit's gated, unnormalized network.
     */
    @Override
    protected List<ParameterSpec> residualNetwork() {
        return switch (name) {
            case "zero-gamma" -> ResidualNetworks.residualMlp(3, false, true);
            case "t-fixup" -> TransformerNetworks.vit(2, TransformerNetworks.NormPlacement.NONE, 1);
            case "deepnorm" -> TransformerNetworks.vit(2, TransformerNetworks.NormPlacement.POST,
                    DeepNormInitializer.alpha(2));
            case "gpt2", "bert", "small-embedding" -> TransformerNetworks.vit(2, TransformerNetworks.NormPlacement.PRE, 1);
            default -> super.residualNetwork();
        };
    }

    @Override
    protected Optional<ContinuousDistribution> expectedDistribution(String spec, ParameterSpec parameter) {
        return Optional.ofNullable(LAWS.get(spec)).map(law -> law.apply(Fan.of(parameter.shape().dims())));
    }

    @Override
    protected boolean dependsOnSeed(String spec) {
        return RANDOM_WITHOUT_A_LAW.contains(name) || LAWS.containsKey(spec);
    }

    private static ContinuousDistribution symmetricUniform(double bound) {
        return UniformContinuousDistribution.of(-bound, bound);
    }

    /** Fans written out independently of {@link org.initlab.spi.Fans} (PyTorch layout). */
    private record Fan(double in, double out) {
        static Fan of(int[] shape) {
            double rf = 1;
            for (int i = 2; i < shape.length; i++) {
                rf *= shape[i];
            }
            return new Fan(shape[1] * rf, shape[0] * rf);
        }
    }
}

package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.initlab.spi.OptionSpec;
import org.initlab.spi.OptionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Options of the initializers beyond PyTorch's basic ones: defaults, positional order, one-line errors that
 * name the option and the initializer, and canonical specs.
 */
class CatalogueOptionsTest {

    @Test
    void defaultsFollowTheFrameworkTheyComeFrom() {
        assertThat(Catalogue.provider("trunc-normal").options()).map(OptionSpec::toString)
                .containsExactly("mean=0", "std=1", "a=-2", "b=2");
        assertThat(Catalogue.provider("variance-scaling").options()).map(OptionSpec::toString)
                .containsExactly("scale=1", "mode=fan_in", "distribution=truncated_normal");
        assertThat(Catalogue.provider("variance-scaling").options().get(1).choices())
                .containsExactly("fan_in", "fan_out", "fan_avg");
        assertThat(Catalogue.provider("variance-scaling").options().get(2).choices())
                .containsExactly("truncated_normal", "untruncated_normal", "uniform");
        assertThat(Catalogue.provider("orthogonal").options()).map(OptionSpec::toString).containsExactly("gain=1");
        assertThat(Catalogue.provider("identity").options()).map(OptionSpec::toString).containsExactly("gain=1");
        assertThat(Catalogue.provider("dirac").options()).map(OptionSpec::toString).containsExactly("groups=1");
        assertThat(Catalogue.provider("delta-orthogonal").options()).map(OptionSpec::toString)
                .containsExactly("gain=1");
        assertThat(Catalogue.provider("sparse").options()).map(OptionSpec::toString)
                .containsExactly("sparsity", "std=0.01");
        assertThat(Catalogue.provider("zero-init").options()).isEmpty();
        assertThat(Catalogue.provider("pretrained").options()).map(OptionSpec::toString)
                .containsExactly("path", "missing=zeros", "name=");
        assertThat(Catalogue.provider("pretrained").options().get(1).type()).isEqualTo(OptionType.INITIALIZER);
    }

    @Test
    void positionalValuesFollowTheFrameworksArgumentOrder() {
        assertThat(Catalogue.create("trunc-normal(0.5, 0.1, 0, 1)"))
                .isEqualTo(new TruncatedNormalInitializer(0.5, 0.1, 0, 1));
        assertThat(Catalogue.create("variance-scaling(2, fan_out, uniform)"))
                .isEqualTo(new VarianceScalingInitializer(2, "fan_out", "uniform"));
        assertThat(Catalogue.create("sparse(0.9)")).isEqualTo(new SparseInitializer(0.9));
        assertThat(Catalogue.create("dirac(4)")).isEqualTo(new DiracInitializer(4));
        assertThat(Catalogue.create("orthogonal(1.5)")).isEqualTo(new OrthogonalInitializer(1.5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "variance-scaling(scale=0)        | option 'scale' of variance-scaling must be > 0, got 0",
        "variance-scaling(-2)             | option 'scale' of variance-scaling must be > 0, got -2",
        "variance-scaling(mode=fan_sum)   | option 'mode' of variance-scaling must be one of fan_in, fan_out, fan_avg, got 'fan_sum'",
        "variance-scaling(distribution=normal) | option 'distribution' of variance-scaling must be one of truncated_normal, untruncated_normal, uniform, got 'normal'",
        "trunc-normal(std=0)              | option 'std' of trunc-normal must be > 0, got 0",
        "trunc-normal(a=1, b=1)           | option 'b' of trunc-normal must be > a, got a=1, b=1",
        "truncated-normal(a=3)            | option 'b' of trunc-normal must be > a, got a=3, b=2",
        "sparse(1.5)                      | option 'sparsity' of sparse must be in [0, 1], got 1.5",
        "sparse(-0.1)                     | option 'sparsity' of sparse must be in [0, 1], got -0.1",
        "sparse(0.5, std=-1)              | option 'std' of sparse must be >= 0, got -1",
        "sparse                           | sparse needs option 'sparsity' (the fraction of each column set to zero, in [0, 1])",
        "dirac(groups=0)                  | option 'groups' of dirac must be >= 1, got 0",
        "dirac(groups=1.5)                | option 'groups' of dirac must be a whole number, got '1.5'",
        "orthogonal(gain=-1)              | option 'gain' of orthogonal must be >= 0, got -1",
        "identity(gain=-1)                | option 'gain' of identity must be >= 0, got -1",
        "delta-orthogonal(gain=-1)        | option 'gain' of delta-orthogonal must be >= 0, got -1",
        "zero-init(1)                     | zero-init takes no options, got '1'",
        "pretrained                       | pretrained needs option 'path' (the .safetensors, .npz or .npy file)",
        "pretrained(weights.pt)           | pretrained reads .safetensors, .npz and .npy files, got 'weights.pt'",
        "pretrained(w.npy)                | pretrained needs option 'name' for the .npy file 'w.npy': the parameter path its array holds, e.g. name=0.weight",
        "pretrained(w.safetensors, name=0.weight) | option 'name' of pretrained applies to .npy files only; 'w.safetensors' names its tensors itself",
        "pretrained(w.npz, missing=he-normla) | option 'missing' of pretrained: unknown initializer 'he-normla'"})
    void badOptionValuesAreRejectedInOneLineNamingOptionAndInitializer(String spec, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create(spec)).withMessage(message);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "trunc-normal(0, 1, -2, 2)                       | trunc-normal",
        "truncated-normal(std=0.02)                      | trunc-normal(std=0.02)",
        "trunc-normal(mean=-0, a=-1, b=1)                | trunc-normal(a=-1, b=1)",
        "variance-scaling(1, fan_in, truncated_normal)   | variance-scaling",
        "variance-scaling(distribution=uniform, scale=2) | variance-scaling(scale=2, distribution=uniform)",
        "orthogonal(1.0)                                 | orthogonal",
        "eye(0.5)                                        | identity(gain=0.5)",
        "dirac(groups=2)                                 | dirac(groups=2)",
        "delta-orthogonal(gain=1)                        | delta-orthogonal",
        "sparse(0.1, 0.01)                               | sparse(sparsity=0.1)",
        "sparse(sparsity=1, std=2)                       | sparse(sparsity=1, std=2)",
        "zero-init()                                     | zero-init",
        "pretrained(w.safetensors, missing=zeros)        | pretrained(path=w.safetensors)",
        "pretrained(path=w.npz, missing=kaiming-normal(mode=fan_out)) | pretrained(path=w.npz, missing=he-normal(mode=fan_out))",
        "pretrained(\"my weights, v2.safetensors\")      | pretrained(path=\"my weights, v2.safetensors\")",
        "pretrained(w.npy, name=0.weight, missing=ones)  | pretrained(path=w.npy, missing=ones, name=0.weight)"})
    void toStringIsTheCanonicalSpecAndParsesBackToAnEqualInitializer(String spec, String canonical) {
        var initializer = Catalogue.create(spec);

        assertThat(initializer).hasToString(canonical);
        assertThat(Catalogue.create(initializer.toString())).isEqualTo(initializer)
                .hasSameHashCodeAs(initializer);
    }

    @Test
    void directConstructionValidatesLikeTheProvider() {
        assertThatIllegalArgumentException().isThrownBy(() -> new VarianceScalingInitializer(1, "fan_in", "normal"))
                .withMessageStartingWith("option 'distribution' of variance-scaling must be one of ");
        assertThatIllegalArgumentException().isThrownBy(() -> new TruncatedNormalInitializer(0, 1, 2, -2))
                .withMessage("option 'b' of trunc-normal must be > a, got a=2, b=-2");
        assertThatIllegalArgumentException().isThrownBy(() -> new SparseInitializer(Double.NaN))
                .withMessage("option 'sparsity' of sparse must be finite, got NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> new DiracInitializer(-3))
                .withMessage("option 'groups' of dirac must be >= 1, got -3");
    }
}

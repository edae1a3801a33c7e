package org.initlab.app.docs;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hand-maintained part of the initializer catalogue: what each built-in initializer is called in PyTorch,
 * Keras 3, Deeplearning4j, DJL and JAX ({@code -} where the framework has no equivalent). Taken from the
 * catalogue of {@code initializers-builtin/README.md}, which explains the differences in detail.
 *
 * @param pytorch the PyTorch name
 * @param keras   the Keras 3 name
 * @param dl4j    the Deeplearning4j name
 * @param djl     the DJL name
 * @param jax     the JAX name
 */
public record FrameworkNames(String pytorch, String keras, String dl4j, String djl, String jax) {
    private static final Map<String, FrameworkNames> BY_INITIALIZER = Map.ofEntries(
            Map.entry("zeros", of("`zeros_`", "`Zeros`", "`ZERO`", "`Initializer.ZEROS`", "`zeros`")),
            Map.entry("ones", of("`ones_`", "`Ones`", "`ONES`", "`Initializer.ONES`", "`ones`")),
            Map.entry("constant", of("`constant_`", "`Constant`", "`Constant`", "`ConstantInitializer`",
                    "`constant`")),
            Map.entry("uniform", of("`uniform_`", "`RandomUniform` (default ±0.05)", "`UniformDistribution`",
                    "`UniformInitializer` (default ±0.07)", "`uniform` (`U[0, s)`)")),
            Map.entry("normal", of("`normal_`", "`RandomNormal` (default std 0.05)", "`NormalDistribution`",
                    "`NormalInitializer` (default std 0.01)", "`normal`")),
            Map.entry("trunc-normal", of("`trunc_normal_` (absolute bounds)", "`TruncatedNormal` (cut at ±2 std)",
                    "`TruncatedNormalDistribution`", "`TruncatedNormalInitializer` (±2 std)",
                    "`truncated_normal` (bounds in std units)")),
            Map.entry("xavier-uniform", of("`xavier_uniform_`", "`GlorotUniform`", "`XAVIER_UNIFORM`",
                    "`Xavier(UNIFORM, AVG, 3)`", "`glorot_uniform`")),
            Map.entry("xavier-normal", of("`xavier_normal_`", "`GlorotNormal` (truncated)", "`XAVIER`",
                    "`Xavier(GAUSSIAN, AVG, 1)`", "`glorot_normal` (truncated)")),
            Map.entry("he-uniform", of("`kaiming_uniform_`", "`HeUniform` (= `nonlinearity=relu`)", "`RELU_UNIFORM`",
                    "`Xavier(UNIFORM, IN, 6)`", "`he_uniform`")),
            Map.entry("he-normal", of("`kaiming_normal_`", "`HeNormal` (truncated)", "`RELU`",
                    "`Xavier(GAUSSIAN, IN, 2)` (a block's default)", "`he_normal` (truncated)")),
            Map.entry("lecun-uniform", of("`kaiming_uniform_(nonlinearity='linear')`", "`LecunUniform`",
                    "`LECUN_UNIFORM` (bound `3/sqrt(fi)`: 3x the variance)", "`Xavier(UNIFORM, IN, 3)`",
                    "`lecun_uniform`")),
            Map.entry("lecun-normal", of("`kaiming_normal_(nonlinearity='linear')`", "`LecunNormal` (truncated)",
                    "`LECUN_NORMAL`", "`Xavier(GAUSSIAN, IN, 1)`", "`lecun_normal` (truncated)")),
            Map.entry("variance-scaling", of("-", "`VarianceScaling`", "`VAR_SCALING_*`",
                    "`XavierInitializer` magnitude", "`variance_scaling` (`\"normal\"` = untruncated)")),
            Map.entry("scaled-normal", of("`normal_(std=sigma_w / sqrt(fan_in))`",
                    "`VarianceScaling(sigma_w**2, 'fan_in', 'untruncated_normal')`", "-", "-",
                    "`variance_scaling(sigma_w**2, 'fan_in', 'normal')`")),
            Map.entry("orthogonal", of("`orthogonal_`", "`Orthogonal` (flattens all but the last dim)",
                    "`OrthogonalDistribution`", "-", "`orthogonal`")),
            Map.entry("identity", of("`eye_` (no gain)", "`Identity`", "`IDENTITY` (square only)", "-", "-")),
            Map.entry("dirac", of("`dirac_`", "-", "`IDENTITY` on convolutions", "-", "-")),
            Map.entry("delta-orthogonal", of("-", "-", "-", "-", "`delta_orthogonal`")),
            Map.entry("sparse", of("`sparse_`", "-", "-", "-", "-")),
            Map.entry("zero-init", of("-", "-", "-", "-", "-")),
            Map.entry("pytorch-default", of("`nn.Linear`, `nn.ConvNd` `reset_parameters`, "
                    + "`nn.MultiheadAttention._reset_parameters`", "-", "-", "-", "-")),
            Map.entry("keras-default", of("-", "`Dense`, `ConvND` defaults", "-", "-", "-")),
            Map.entry("djl-default", of("-", "-", "-", "`XavierInitializer()` (`UNIFORM, AVG, 6`)", "-")),
            Map.entry("pretrained", of("`load_state_dict`", "`load_weights`", "`TransferLearning`", "`Model.load`",
                    "-")),
            Map.entry("lsuv", of("-", "-", "-", "-", "-")),
            Map.entry("fixup", of("-", "-", "-", "-", "-")),
            Map.entry("skipinit", of("-", "-", "-", "-", "-")),
            Map.entry("rezero", of("-", "-", "-", "-", "-")),
            Map.entry("zero-gamma", of("torchvision `resnet*(zero_init_residual=True)`", "-", "-", "-", "-")),
            Map.entry("residual-scaled", of("-", "-", "-", "-", "-")),
            Map.entry("gpt2", of("Hugging Face `GPT2PreTrainedModel._init_weights`", "-", "-", "-", "-")),
            Map.entry("bert", of("- (Hugging Face's `BertPreTrainedModel` draws untruncated `normal_(std=0.02)`)",
                    "`TruncatedNormal(stddev=0.02)` (TF BERT's `truncated_normal_initializer`)", "-", "-", "-")),
            Map.entry("t-fixup", of("-", "-", "-", "-", "-")),
            Map.entry("deepnorm", of("-", "-", "-", "-", "-")),
            Map.entry("small-embedding", of("-", "-", "-", "-", "-")));

    private static FrameworkNames of(String pytorch, String keras, String dl4j, String djl, String jax) {
        return new FrameworkNames(pytorch, keras, dl4j, djl, jax);
    }

    /**
     * @param initializer an initializer's canonical name
     * @return its names in the other frameworks, if it is one of initlab's own initializers
     */
    public static Optional<FrameworkNames> of(String initializer) {
        return Optional.ofNullable(BY_INITIALIZER.get(initializer));
    }

    /** @return the canonical names of the initializers this table knows, in no particular order */
    public static java.util.Set<String> initializers() {
        return BY_INITIALIZER.keySet();
    }

    /** @return the five names in the order of the table's columns */
    public List<String> columns() {
        return List.of(pytorch, keras, dl4j, djl, jax);
    }
}

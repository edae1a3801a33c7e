package org.initlab.backends.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.FORWARD_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.assertClose;
import static org.initlab.testkit.backend.KitFixtures.assertGradientsClose;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.host.HostNetwork;
import org.initlab.core.host.HostTrace;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ClassToken;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.model.NormPlacement;
import org.initlab.core.model.PatchEmbedding;
import org.initlab.core.model.PositionalEmbedding;
import org.initlab.core.model.TokenPool;
import org.initlab.core.model.TransformerBlock;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.spi.ParameterSpec;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.testkit.backend.ReferenceOptimizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vision transformer's layers on PyTorch against core's double-precision host network, whose forward and
 * backward are checked against finite differences and PyTorch's encoder-layer formulas in core's own tests:
 * evaluation logits, the training loss and autograd's gradient of every parameter, for the block forms (pre,
 * post, none), the causal mask, class-token and mean pooling, a shortcut multiplier and several activations.
 */
class DjlTransformerTest {
    private static final int BATCH = 3;
    private static DjlBackend backend;

    @BeforeAll
    static void createBackend() {
        backend = (DjlBackend) new DjlBackendProvider().create(new BackendOptions(2));
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    static Stream<String> transformers() {
        // a causal network pools the mean: through the class token alone, which sees only itself, the attention
        // of a causal network would not reach the logits
        return Stream.of("vit:1x4x4-p2-d4-h2-L2-ff6-3", "vit:1x4x4-p2-d4-h2-L2-ff6-mean-causal-3",
                "vit:1x4x4-p2-d4-h2-L1-ff6-post-mean-3:relu", "vit:1x4x4-p2-d4-h2-L2-ff6-post-deepnorm-mean-causal-3",
                "vit:2x4x4-p2-d4-h1-L2-ff5-nonorm-mean-3:silu", "vit:1x8x8-p2-d8-h4-L2-5", "scaled pre-LN");
    }

    /**
     * A causal pre-LN network with a class token, mean pooling and a shortcut multiplier (the spec grammar gives a
     * multiplier only to post-LN blocks and a class token only with class-token pooling).
     */
    private static Network network(String spec) {
        if (!spec.equals("scaled pre-LN")) {
            return ModelSpec.parse(spec);
        }
        return new Network(FeatureShape.map(1, 4, 4), List.of(new PatchEmbedding(1, 4, 2), new ClassToken(4),
                new PositionalEmbedding(5, 4), new TransformerBlock(4, 2, 6, NormPlacement.PRE, true, Activation.TANH,
                1.3), new TokenPool(TokenPool.Mode.MEAN), LayerNormLayer.of(FeatureShape.flat(4)),
                new DenseLayer(4, 3)), spec);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transformers")
    void logitsLossAndGradientsMatchTheHostNetwork(String spec) {
        Network network = network(spec);
        ParameterSet parameters = CnnFixtures.parameters(network, 13);
        Batch batch = KitFixtures.batch(network, BATCH, 7);
        HostNetwork host = new HostNetwork(network, 1);
        HostTrace trace = host.forward(parameters::values, batch.inputs(), BATCH);
        Map<String, double[]> byPath = new HashMap<>();
        double expectedLoss = host.backward(trace, parameters::values, batch.labels(), (s, dx, dw, db) -> {
        }, byPath::put);
        try (DjlTrainingSession session = open(network, parameters, KitFixtures.PLAIN_SGD)) {
            float[] logits = new float[BATCH * network.outputWidth()];
            session.forward(batch.inputs(), BATCH, logits);
            assertClose(spec + " evaluation logits", logits, trace.layerOutput(network.layers().size() - 1),
                    FORWARD_TOLERANCE);
            assertGradientsClose(spec + " gradient", session.gradients(batch.inputs(), batch.labels(), BATCH),
                    inNetworkOrder(network, byPath), GRADIENT_TOLERANCE);
            assertThat(session.trainStep(batch.inputs(), batch.labels(), BATCH)).as(spec + " training loss")
                    .isCloseTo(expectedLoss, within(1e-5 * Math.max(1, expectedLoss)));
        }
    }

    @Test
    void parametersKeepPytorchsNamesLayoutsAndValues() {
        Network network = ModelSpec.parse("vit:1x4x4-p2-d4-h2-L1-ff6-3");
        ParameterSet parameters = CnnFixtures.parameters(network, 2);
        try (DjlTrainingSession session = open(network, parameters, KitFixtures.PLAIN_SGD)) {
            ParameterSet read = session.parameters();
            assertThat(read.paths()).containsExactly("0.weight", "0.bias", "1.class_token", "2.pos_embedding",
                    "3.self_attn.in_proj_weight", "3.self_attn.in_proj_bias", "3.self_attn.out_proj.weight",
                    "3.self_attn.out_proj.bias", "3.linear1.weight", "3.linear1.bias", "3.linear2.weight",
                    "3.linear2.bias", "3.norm1.weight", "3.norm1.bias", "3.norm2.weight", "3.norm2.bias",
                    "5.weight", "5.bias", "6.weight", "6.bias");
            KitFixtures.assertSameValuesInOrder(read, parameters);
        }
    }

    @Test
    void theMaskHidesEveryPatchFromTheClassToken() {
        // with the causal mask the class token (token 0) attends only to itself in every block, so the pooled
        // logits are the same for every image; without it they are not
        for (boolean causal : new boolean[] {true, false}) {
            Network network = ModelSpec.parse("vit:1x4x4-p2-d4-h2-L2-ff6" + (causal ? "-causal" : "") + "-3");
            Batch batch = KitFixtures.batch(network, 2, 3);
            try (DjlTrainingSession session = open(network, CnnFixtures.parameters(network, 5),
                    KitFixtures.PLAIN_SGD)) {
                float[] logits = new float[2 * 3];
                session.forward(batch.inputs(), 2, logits);
                float difference = Math.abs(logits[0] - logits[3]) + Math.abs(logits[1] - logits[4]);
                if (causal) {
                    assertThat(difference).as("causal").isLessThan(1e-6f);
                } else {
                    assertThat(difference).as("not causal").isGreaterThan(1e-3f);
                }
            }
        }
    }

    /** The patch path (a permutation and one matrix product) computes what libtorch's conv2d computes. */
    @Test
    void patchesAsAMatrixProductEqualLibtorchsConvolution() {
        Network network = ModelSpec.parse("vit:2x6x4-p2-d8-h4-L1-ff12-3");
        ParameterSet parameters = CnnFixtures.parameters(network, 19);
        Batch batch = KitFixtures.batch(network, BATCH, 4);
        float[] patches = new float[BATCH * 3];
        float[] convolution = new float[BATCH * 3];
        try (DjlTrainingSession session = open(network, parameters, KitFixtures.PLAIN_SGD)) {
            session.forward(batch.inputs(), BATCH, patches);
        }
        System.setProperty(DjlConvolution.LIBTORCH_PROPERTY, "true");
        try (DjlTrainingSession session = open(network, parameters, KitFixtures.PLAIN_SGD)) {
            session.forward(batch.inputs(), BATCH, convolution);
        } finally {
            System.clearProperty(DjlConvolution.LIBTORCH_PROPERTY);
        }
        for (int k = 0; k < patches.length; k++) {
            assertThat(patches[k]).as("logit %d", k).isCloseTo(convolution[k], within(1e-5f));
        }
    }

    /**
     * Three Adam steps with weight decay: before each, the backend's own gradient goes through the kit's
     * double-precision optimizer, and the backend's parameters must follow it.
     */
    @Test
    void adamStepsFollowTheReferenceOptimizer() {
        Network network = ModelSpec.parse("vit:1x4x4-p2-d4-h2-L2-ff6-post-causal-3");
        ParameterSet parameters = CnnFixtures.parameters(network, 17);
        OptimizerSpec adam = new OptimizerSpec.Adam(0.02, 0.8, 0.99, 1e-6, 0.1);
        ReferenceOptimizer steps = new ReferenceOptimizer(adam, parameters);
        try (DjlTrainingSession session = open(network, parameters, adam)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, BATCH, 30 + step);
                steps.step(session.gradients(batch.inputs(), batch.labels(), BATCH));
                session.trainStep(batch.inputs(), batch.labels(), BATCH);
                assertClose("after step " + step, session.parameters(), steps.parameters(), 1e-5);
            }
        }
    }

    private static Map<String, double[]> inNetworkOrder(Network network, Map<String, double[]> byPath) {
        Map<String, double[]> ordered = new LinkedHashMap<>();
        for (ParameterSpec spec : network.parameters()) {
            ordered.put(spec.path(), byPath.get(spec.path()));
        }
        return ordered;
    }

    private static DjlTrainingSession open(Network network, ParameterSet parameters, OptimizerSpec optimizer) {
        return (DjlTrainingSession) backend.open(network, parameters, optimizer, BATCH);
    }
}

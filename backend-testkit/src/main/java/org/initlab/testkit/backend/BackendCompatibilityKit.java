package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.assertClose;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.initlab.core.backend.Availability;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tests every compute backend must pass, modelled on Micrometer's {@code MeterRegistryCompatibilityKit}.
 * A backend's test subclasses this and implements {@link #provider()}; the kit then checks discovery, forward
 * values, gradients (against finite differences and against analytic backpropagation of the double-precision
 * {@link ReferenceNetwork}), the optimizer rules (against {@link ReferenceOptimizer}), evaluation,
 * determinism, divergence handling and the {@link TrainingSession} contract on small dense networks here, and
 * every other layer through the check interfaces it implements: {@link ConvolutionKitChecks} (convolution,
 * pooling, flatten), {@link BatchNormKitChecks} (training and evaluation mode, running statistics),
 * {@link LayerNormKitChecks} (layer and RMS normalization, global average pooling), {@link ResidualKitChecks}
 * (residual blocks: identity and projection shortcuts, gates, scalar biases), {@link TransformerKitChecks}
 * (vision transformers: patch embedding, class token, positional embedding, attention blocks in every form,
 * token pooling), {@link DenseMultiplierKitChecks} (dense layers with an input multiplier,
 * {@code y = W (c x) + b}), {@link DropoutKitChecks}, {@link OptimizerKitChecks} (per-parameter learning rates
 * and weight decays, warm-up)
 * and {@link SessionContractKitChecks} (batch sizes, copies, independence, divergence,
 * refusals). The kit's own reference backend ({@link ReferenceBackendProvider}) passes all of it.
 *
 * <p>Backends compute in float, so every comparison with the reference allows a tolerance relative to each
 * value and to its tensor's scale ({@link KitFixtures#assertClose}: {@code tolerance * (|expected| + 0.1
 * max|expected|)}); gradients of networks with convolutions or batch normalization also allow 1% of the
 * largest gradient of the whole network ({@link KitFixtures#assertGradientsClose}), for gradients that are
 * zero in exact arithmetic. The tolerances ({@link KitFixtures}):
 * <ul>
 *   <li>logits and evaluation against the reference: {@code 1e-4}; loss sums and optimizer results:
 *       {@code 1e-5} (losses relative to {@code 1 + |loss|});</li>
 *   <li>gradients against backpropagation: {@code 1e-4}, through training-mode batch normalization
 *       {@code 1e-3} (its backward pass subtracts batch means);</li>
 *   <li>gradients against central finite differences (step {@code 1e-6}, in double): {@code 1e-3};</li>
 *   <li>determinism (same inputs, same seed), {@code p = 0} dropout and copies of parameters: bit for bit.</li>
 * </ul>
 * Training-mode batch normalization with a batch of one value per channel is not checked (PyTorch refuses
 * it), nor whether {@link TrainingSession#gradients} updates the running statistics. When the provider
 * reports itself unavailable here, every test is skipped.
 */
public abstract class BackendCompatibilityKit implements ConvolutionKitChecks, BatchNormKitChecks,
        LayerNormKitChecks, ResidualKitChecks, TransformerKitChecks, DropoutKitChecks, OptimizerKitChecks,
        SessionContractKitChecks, DenseMultiplierKitChecks {
    private static final OptimizerSpec PLAIN_SGD = KitFixtures.PLAIN_SGD;

    /** The backend under test, created before each test with {@link #options()}. */
    protected Backend backend;

    /** @return the provider under test (a new instance is fine) */
    protected abstract BackendProvider provider();

    /** @return the options the backend is created with; two threads unless overridden */
    protected BackendOptions options() {
        return new BackendOptions(2);
    }

    @Override
    public Backend backendUnderTest() {
        return backend;
    }

    @Override
    public Backend anotherBackend() {
        return provider().create(options());
    }

    @BeforeEach
    void createBackend() {
        Availability availability = provider().availability();
        Assumptions.assumeTrue(availability.available(),
                () -> provider().name() + " is not available here: " + availability.detail());
        backend = provider().create(options());
    }

    @AfterEach
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    static Stream<Activation> activations() {
        return Arrays.stream(Activation.values());
    }

    static Network mlp(Activation activation) {
        return ModelSpec.parse("mlp:5-7-6-3:" + activation.specName());
    }

    @Test
    void providerDescribesItselfConsistently() {
        BackendProvider provider = provider();
        assertThat(provider.name()).isNotBlank().matches("[a-z0-9][a-z0-9_-]*");
        assertThat(provider().name()).isEqualTo(provider.name());
        assertThat(provider().rank()).isEqualTo(provider.rank()).isBetween(-1000, 1000);
        assertThat(provider.availability().detail()).isNotBlank();
        assertThat(backend.name()).isEqualTo(provider.name());
        assertThat(backend.device()).isNotBlank();
    }

    @Test
    void providerIsRegisteredForServiceLoader() {
        List<BackendProvider> found = Backends.discover(getClass().getClassLoader());
        assertThat(found).filteredOn(p -> p.name().equals(provider().name()))
                .singleElement().hasSameClassAs(provider());
    }

    @ParameterizedTest
    @MethodSource("activations")
    void forwardMatchesReference(Activation activation) {
        Network network = mlp(activation);
        ParameterSet parameters = KitFixtures.parameters(network, 11);
        Batch batch = KitFixtures.batch(network, 4, 12);
        try (TrainingSession session = backend.open(network, parameters, PLAIN_SGD, 4)) {
            float[] logits = new float[4 * 3];
            session.forward(batch.inputs(), 4, logits);
            assertClose("logits", logits, new ReferenceNetwork(network, parameters).logits(batch.inputs(), 4), 1e-4);
        }
    }

    @ParameterizedTest
    @MethodSource("activations")
    void gradientsMatchFiniteDifferences(Activation activation) {
        Network network = mlp(activation);
        ParameterSet parameters = KitFixtures.parameters(network, 21);
        Batch batch = KitFixtures.batch(network, 3, 22);
        try (TrainingSession session = backend.open(network, parameters, PLAIN_SGD, 3)) {
            ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 3);
            assertClose("gradient", gradients, new ReferenceNetwork(network, parameters)
                    .finiteDifferences(batch.inputs(), batch.labels(), 3, 1e-6), 1e-3);
        }
    }

    @ParameterizedTest
    @MethodSource("activations")
    void gradientsMatchReferenceBackpropagation(Activation activation) {
        Network network = mlp(activation);
        ParameterSet parameters = KitFixtures.parameters(network, 31);
        Batch batch = KitFixtures.batch(network, 8, 32);
        try (TrainingSession session = backend.open(network, parameters, PLAIN_SGD, 8)) {
            assertClose("gradient", session.gradients(batch.inputs(), batch.labels(), 8),
                    new ReferenceNetwork(network, parameters).gradients(batch.inputs(), batch.labels(), 8), 1e-4);
        }
    }

    /** Widths that are not multiples of any block size and wide enough to be split between threads. */
    @Test
    void widerNetworkMatchesReference() {
        Network network = ModelSpec.parse("mlp:37-70-130-5:tanh");
        ParameterSet parameters = KitFixtures.parameters(network, 41);
        Batch batch = KitFixtures.batch(network, 13, 42);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        try (TrainingSession session = backend.open(network, parameters, PLAIN_SGD, 13)) {
            float[] logits = new float[13 * 5];
            session.forward(batch.inputs(), 13, logits);
            assertClose("logits", logits, reference.logits(batch.inputs(), 13), 1e-4);
            assertClose("gradient", session.gradients(batch.inputs(), batch.labels(), 13),
                    reference.gradients(batch.inputs(), batch.labels(), 13), 1e-4);
        }
    }

    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitNetworks#unusualNetworks")
    void anySequenceOfLayersMatchesReference(Network network) {
        ParameterSet parameters = KitFixtures.parameters(network, 51);
        Batch batch = KitFixtures.batch(network, 5, 52);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        try (TrainingSession session = backend.open(network, parameters, PLAIN_SGD, 5)) {
            float[] logits = new float[5 * network.outputWidth()];
            session.forward(batch.inputs(), 5, logits);
            assertClose("logits", logits, reference.logits(batch.inputs(), 5), 1e-4);
            assertClose("gradient", session.gradients(batch.inputs(), batch.labels(), 5),
                    reference.finiteDifferences(batch.inputs(), batch.labels(), 5, 1e-6), 1e-3);
        }
    }

    /**
     * Three updates (so that momentum buffers and bias corrections matter), compared with the reference rule
     * applied to the gradients the backend reports for the same parameters and batch. Also checks that those
     * gradients still match the reference after updates (no stale internal copies), that {@code trainStep}
     * returns the loss before its update and that {@code gradients} changes no state.
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitFixtures#optimizers")
    void optimizerStepsFollowTheReferenceRule(OptimizerSpec optimizer) {
        Network network = mlp(Activation.TANH);
        ParameterSet parameters = KitFixtures.parameters(network, 61);
        ReferenceOptimizer reference = new ReferenceOptimizer(optimizer, parameters);
        try (TrainingSession session = backend.open(network, parameters, optimizer, 6)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, 6, 62 + step);
                ParameterSet before = session.parameters();
                ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 6);
                ReferenceNetwork current = new ReferenceNetwork(network, before);
                assertClose("gradient before step " + (step + 1), gradients,
                        current.gradients(batch.inputs(), batch.labels(), 6), 1e-4);
                double expectedLoss = current.meanLoss(batch.inputs(), batch.labels(), 6);
                double loss = session.trainStep(batch.inputs(), batch.labels(), 6);
                assertThat(loss).as("loss of step %d", step + 1)
                        .isCloseTo(expectedLoss, within(1e-5 * (1 + expectedLoss)));
                reference.step(gradients);
                assertClose(optimizer.spec() + " step " + (step + 1), session.parameters(), reference.parameters(),
                        1e-5);
            }
        }
    }

    @Test
    void evaluateMatchesReferenceAndChangesNothing() {
        Network network = ModelSpec.parse("mlp:5-9-4:relu");
        ParameterSet parameters = KitFixtures.parameters(network, 71);
        Batch batch = KitFixtures.batch(network, 40, 72);
        ReferenceEvaluation expected = new ReferenceNetwork(network, parameters)
                .evaluate(batch.inputs(), batch.labels(), 40);
        try (TrainingSession session = backend.open(network, parameters, PLAIN_SGD, 40)) {
            BatchEvaluation evaluation = session.evaluate(batch.inputs(), batch.labels(), 40);
            assertThat(evaluation.count()).isEqualTo(40);
            assertThat(evaluation.lossSum()).isCloseTo(expected.lossSum(),
                    within(1e-5 * (1 + Math.abs(expected.lossSum()))));
            assertThat(evaluation.correct()).isBetween(expected.correct() - expected.ambiguous(),
                    expected.correct() + expected.ambiguous());
            assertSameValues(session.parameters(), parameters);
        }
    }

    static Stream<OptimizerSpec> statefulOptimizers() {
        return Stream.of(new OptimizerSpec.Sgd(0.05, 0.9, true, 1e-3),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0));
    }

    /** Same parameters and batches give bit-identical losses and parameters, in one backend and across two. */
    @ParameterizedTest
    @MethodSource("statefulOptimizers")
    void trainingIsDeterministic(OptimizerSpec optimizer) {
        Network network = ModelSpec.parse("mlp:37-70-130-5:gelu");
        ParameterSet parameters = KitFixtures.parameters(network, 111);
        try (Backend other = provider().create(options());
             TrainingSession first = backend.open(network, parameters, optimizer, 16);
             TrainingSession second = backend.open(network, parameters, optimizer, 16);
             TrainingSession third = other.open(network, parameters, optimizer, 16)) {
            for (int step = 0; step < 5; step++) {
                Batch batch = KitFixtures.batch(network, 16 - step, 112 + step);
                double loss = first.trainStep(batch.inputs(), batch.labels(), batch.size());
                assertThat(second.trainStep(batch.inputs(), batch.labels(), batch.size())).isEqualTo(loss);
                assertThat(third.trainStep(batch.inputs(), batch.labels(), batch.size())).isEqualTo(loss);
            }
            assertSameValues(second.parameters(), first.parameters());
            assertSameValues(third.parameters(), first.parameters());
        }
    }

    /**
     * @param actual   tensors to check
     * @param expected tensors they must equal bit for bit
     */
    protected static void assertSameValues(ParameterSet actual, ParameterSet expected) {
        assertThat(actual.paths()).isEqualTo(expected.paths());
        for (String path : expected.paths()) {
            assertThat(actual.values(path)).as(path).containsExactly(expected.values(path));
        }
    }
}

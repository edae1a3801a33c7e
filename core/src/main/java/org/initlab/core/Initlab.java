package org.initlab.core;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitialState;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.train.Trainer;
import org.initlab.core.width.Parametrization;
import org.initlab.core.width.WidthScaling;
import org.initlab.core.train.TrainingConfig;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;

/**
 * The plain-Java entry point for applications that embed initlab (no dependency injection needed):
 * initializers and backends are discovered with {@link java.util.ServiceLoader} from a class loader, everything
 * else is spec strings.
 *
 * <pre>{@code
 * Initlab lab = Initlab.discover();
 * ParameterSet weights = lab.initialize("mlp:784-512-128-10:relu", "he-normal", 42);
 * InitialState state = lab.initialState(InitialStateRequest.of("cnn:1x28x28-c16k5-bn-p2-10:relu", "lsuv")
 *         .withSeed(42));    // parameters and batch norm buffers, as compare starts from them
 * TrialResult result = lab.train(Initlab.TrainingRequest.of("mlp:784-128-10:relu", "he-normal")
 *         .withEpochs(2).withSeed(7));
 * double accuracy = result.last().orElseThrow().testAccuracy();
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class Initlab {
    private final InitializerRegistry registry;
    private final List<BackendProvider> backends;

    /**
     * @param registry the initializers
     * @param backends the backend providers
     */
    public Initlab(InitializerRegistry registry, List<BackendProvider> backends) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.backends = List.copyOf(backends);
    }

    /** @return an instance with everything the context class loader (else this class's loader) sees */
    public static Initlab discover() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return discover(loader != null ? loader : Initlab.class.getClassLoader());
    }

    /**
     * @param loader where to look for initializer and backend providers
     * @return the instance
     */
    public static Initlab discover(ClassLoader loader) {
        return new Initlab(InitializerRegistry.load(loader), Backends.discover(loader));
    }

    /** @return the initializers */
    public InitializerRegistry initializers() {
        return registry;
    }

    /** @return the backend providers, best first */
    public List<BackendProvider> backends() {
        return backends;
    }

    /**
     * Initial parameters of a model with biases set to zero.
     *
     * @param modelSpec for example {@code mlp:784-512-128-10:relu}
     * @param initSpec  for example {@code he-normal} or {@code normal(std=0.01)}
     * @param seed      the seed; the same seed gives the same tensors on every backend
     * @return the parameters, PyTorch layout, named like an {@code nn.Sequential} state_dict
     * @throws IllegalArgumentException for a bad spec
     */
    public ParameterSet initialize(String modelSpec, String initSpec, long seed) {
        Network network = ModelSpec.parse(modelSpec);
        return InitializationPlan.of(registry.resolve(initSpec), registry.resolve("zeros")).materialize(network, seed);
    }

    /**
     * Initial parameters of a model with biases set to zero, for initializers that need data
     * ({@code lsuv}): they see a batch drawn from {@code probe}.
     *
     * @param modelSpec for example {@code mlp:784-512-128-10:tanh}
     * @param initSpec  for example {@code lsuv(pre=orthogonal)}
     * @param seed      the seed
     * @param probe     the samples data-dependent initializers run forward passes on (all of them: a few hundred
     *                  are enough)
     * @return the parameters
     * @throws IllegalArgumentException for a bad spec or data that does not fit the model
     */
    public ParameterSet initialize(String modelSpec, String initSpec, long seed, Dataset probe) {
        Network network = ModelSpec.parse(modelSpec);
        return InitializationPlan.of(registry.resolve(initSpec), registry.resolve("zeros"))
                .materialize(network, seed, probe);
    }

    /**
     * The whole initial state of a model, bit for bit what {@code compare} (and {@link #train}) starts from for
     * the same specs, seed and training data: the parameters of the plan, with data-dependent initializers
     * ({@code lsuv}) refined on the trial's probe batch ({@link Trainer#probeBatch}), and batch normalization's
     * buffers at PyTorch's starting values; named as an {@code nn.Sequential} state_dict.
     *
     * @param request the model, the initializers, the seed and the training data
     * @return the state
     * @throws IllegalArgumentException for a bad spec or rule, or data that does not fit the model
     */
    public InitialState initialState(InitialStateRequest request) {
        Network network = ModelSpec.parse(request.model());
        InitializationPlan plan = new InitializationPlan(registry.resolve(request.init()),
                registry.resolve(request.biasInit()),
                InitializationPlan.ParameterOverride.parseAll(request.rules(), registry));
        return initialState(network, plan, request.seed(), request.train());
    }

    /**
     * {@link #initialState(InitialStateRequest)} for a parsed network and a resolved plan.
     *
     * @param network the network
     * @param plan    the plan
     * @param seed    the seed
     * @param train   the training data the probe batch is drawn from; the bundled MNIST training split when
     *                empty; only read when the plan needs data
     * @return the state
     * @throws IllegalArgumentException when an initializer does not fit or the data does not fit the model
     */
    public static InitialState initialState(Network network, InitializationPlan plan, long seed,
                                            Optional<Dataset> train) {
        if (!plan.needsData(network)) {
            return InitialState.of(network, plan.materialize(network, seed));
        }
        Dataset data = train.orElseGet(BundledMnist::train);
        Trainer.checkData(network, data, "training");
        return InitialState.of(network, Trainer.initialParameters(network, plan, seed, data,
                Runtime.getRuntime().availableProcessors()));
    }

    /**
     * {@link #initialState(Network, InitializationPlan, long, Optional)} under a width parametrization: the state
     * of the transformed network, with the plan's values multiplied by the parametrization's initial-value
     * factors, bit for bit what a trial under that parametrization starts from.
     *
     * @param scaling the parametrization applied to the network
     * @param plan    the plan
     * @param seed    the seed
     * @param train   the training data the probe batch is drawn from (see the other overload)
     * @return the state of {@link WidthScaling#network()}
     * @throws IllegalArgumentException when an initializer does not fit or the data does not fit the model
     */
    public static InitialState initialState(WidthScaling scaling, InitializationPlan plan, long seed,
                                            Optional<Dataset> train) {
        InitialState state = initialState(scaling.network(), plan, seed, train);
        return InitialState.of(scaling.network(), scaling.scaleInitial(state.parameters()));
    }

    /**
     * Trains one trial.
     *
     * @param request what to train
     * @return the result with one entry per epoch
     * @throws IllegalArgumentException for a bad spec, an unknown backend or data that does not fit the model
     */
    public TrialResult train(TrainingRequest request) {
        Network network = ModelSpec.parse(request.model());
        InitializationPlan plan = InitializationPlan.of(registry.resolve(request.init()),
                registry.resolve(request.biasInit()));
        TrainingConfig config = new TrainingConfig(request.epochs(), request.batchSize(),
                OptimizerSpec.parse(request.optimizer()), Parametrization.parse(request.parametrization()));
        BackendProvider provider = Backends.choose(request.backend(), backends);
        Dataset train = request.train().orElseGet(BundledMnist::train);
        Dataset test = request.test().orElseGet(BundledMnist::test);
        try (Backend backend = provider.create(BackendOptions.defaults())) {
            return new Trainer().train(backend, network, plan, request.seed(), train, test, config,
                    request.listener());
        }
    }

    /**
     * One training run, as spec strings and values; start from {@link #of(String, String)} and change what
     * you need with the {@code with...} methods.
     *
     * @param model     model spec
     * @param init      weight initializer spec
     * @param biasInit  bias initializer spec
     * @param optimizer optimizer spec
     * @param epochs    epochs
     * @param batchSize batch size
     * @param seed      seed
     * @param backend   backend name, empty for the best available
     * @param train     training data, empty for the bundled MNIST training split
     * @param test      test data, empty for the bundled MNIST test split
     * @param listener  progress receiver
     * @param parametrization the width parametrization spec ({@code sp}, {@code ntk}, {@code mup(base_width=N)})
     */
    public record TrainingRequest(String model, String init, String biasInit, String optimizer, int epochs,
                                  int batchSize, long seed, Optional<String> backend, Optional<Dataset> train,
                                  Optional<Dataset> test, TrainingListener listener, String parametrization) {
        /** Validates that nothing is null. */
        public TrainingRequest {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(init, "init");
            Objects.requireNonNull(biasInit, "biasInit");
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(parametrization, "parametrization");
        }

        /**
         * A request under the standard parametrization ({@code sp}), as before parametrizations existed.
         *
         * @param model     model spec
         * @param init      weight initializer spec
         * @param biasInit  bias initializer spec
         * @param optimizer optimizer spec
         * @param epochs    epochs
         * @param batchSize batch size
         * @param seed      seed
         * @param backend   backend name, empty for the best available
         * @param train     training data, empty for the bundled MNIST training split
         * @param test      test data, empty for the bundled MNIST test split
         * @param listener  progress receiver
         */
        public TrainingRequest(String model, String init, String biasInit, String optimizer, int epochs,
                               int batchSize, long seed, Optional<String> backend, Optional<Dataset> train,
                               Optional<Dataset> test, TrainingListener listener) {
            this(model, init, biasInit, optimizer, epochs, batchSize, seed, backend, train, test, listener, "sp");
        }

        /**
         * The classic settings: biases zero, {@code sgd(lr=0.01, momentum=0.9)}, 5 epochs, batch 64, seed 0,
         * best backend, bundled MNIST.
         *
         * @param model model spec
         * @param init  weight initializer spec
         * @return the request
         */
        public static TrainingRequest of(String model, String init) {
            return new TrainingRequest(model, init, "zeros", "sgd(lr=0.01, momentum=0.9)", 5, 64, 0,
                    Optional.empty(), Optional.empty(), Optional.empty(), TrainingListener.NONE);
        }

        /**
         * @param value epochs
         * @return a copy with that many epochs
         */
        public TrainingRequest withEpochs(int value) {
            return new TrainingRequest(model, init, biasInit, optimizer, value, batchSize, seed, backend, train,
                    test, listener, parametrization);
        }

        /**
         * @param value seed
         * @return a copy with that seed
         */
        public TrainingRequest withSeed(long value) {
            return new TrainingRequest(model, init, biasInit, optimizer, epochs, batchSize, value, backend, train,
                    test, listener, parametrization);
        }

        /**
         * @param value optimizer spec
         * @return a copy with that optimizer
         */
        public TrainingRequest withOptimizer(String value) {
            return new TrainingRequest(model, init, biasInit, value, epochs, batchSize, seed, backend, train, test,
                    listener, parametrization);
        }

        /**
         * @param value bias initializer spec
         * @return a copy with that bias initializer
         */
        public TrainingRequest withBiasInit(String value) {
            return new TrainingRequest(model, init, value, optimizer, epochs, batchSize, seed, backend, train, test,
                    listener, parametrization);
        }

        /**
         * @param value batch size
         * @return a copy with that batch size
         */
        public TrainingRequest withBatchSize(int value) {
            return new TrainingRequest(model, init, biasInit, optimizer, epochs, value, seed, backend, train, test,
                    listener, parametrization);
        }

        /**
         * @param value backend name
         * @return a copy using that backend
         */
        public TrainingRequest withBackend(String value) {
            return new TrainingRequest(model, init, biasInit, optimizer, epochs, batchSize, seed,
                    Optional.of(value), train, test, listener, parametrization);
        }

        /**
         * @param trainData training data
         * @param testData  test data
         * @return a copy with that data
         */
        public TrainingRequest withData(Dataset trainData, Dataset testData) {
            return new TrainingRequest(model, init, biasInit, optimizer, epochs, batchSize, seed, backend,
                    Optional.of(trainData), Optional.of(testData), listener, parametrization);
        }

        /**
         * @param value progress receiver
         * @return a copy reporting to it
         */
        public TrainingRequest withListener(TrainingListener value) {
            return new TrainingRequest(model, init, biasInit, optimizer, epochs, batchSize, seed, backend, train,
                    test, value, parametrization);
        }

        /**
         * @param value a width parametrization spec: {@code sp}, {@code ntk} or {@code mup(base_width=N)}
         *              ({@link org.initlab.core.width.Parametrization#parse})
         * @return a copy trained under that parametrization
         */
        public TrainingRequest withParametrization(String value) {
            return new TrainingRequest(model, init, biasInit, optimizer, epochs, batchSize, seed, backend, train,
                    test, listener, value);
        }
    }
}

package org.example.initlab.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.integrations.djl.DjlBlockInitializer;
import org.initlab.integrations.djl.DjlOffline;
import org.initlab.integrations.djl.InitializedParameter;
import org.initlab.integrations.djl.InitlabInitializer;

/**
 * A DJL application whose model is initialized by initlab: an MLP 784-128-10 built with DJL's Block API, its
 * weights set by initlab initializers, trained by DJL's own trainer ({@link EasyTrain}, SGD with momentum) on the
 * 8,004 bundled training digits and evaluated on the 1,996 bundled test digits. Three ways in:
 * <ul>
 *   <li>{@code he-normal} through DJL's own initialization path ({@link InitlabInitializer} in the training
 *       config);</li>
 *   <li>{@code orthogonal} by {@link DjlBlockInitializer} on the initialized block, seeded per parameter name as
 *       initlab's plans are;</li>
 *   <li>{@code lsuv}: the same, then rescaled layer by layer on a probe batch of 256 training digits with DJL
 *       forward passes.</li>
 * </ul>
 * Run with {@code java -cp ... org.example.initlab.djl.DjlModelExample [epochs] [init ...]}.
 */
public final class DjlModelExample {
    private static final int BATCH = 64;
    private static final long SEED = 42;

    private DjlModelExample() {
    }

    /**
     * @param args optional: the number of epochs (default 3), then the initializers (default he-normal,
     *             orthogonal, lsuv)
     */
    public static void main(String[] args) {
        DjlOffline.configure();   // before the first DJL call that loads the engine: no call home, no downloads
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> inits = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("he-normal", "orthogonal", "lsuv");
        for (String init : inits) {
            double accuracy = train(init, epochs);
            System.out.printf(Locale.ROOT, "%-11s test accuracy %.4f after %d epochs%n", init, accuracy, epochs);
        }
    }

    /**
     * Builds, initializes and trains the MLP.
     *
     * @param init   {@code he-normal} (through DJL's initializer path) or any initlab spec (through the block
     *               initializer, with a probe batch for data-dependent ones)
     * @param epochs passes over the training digits
     * @return the accuracy on the bundled test digits
     */
    static double train(String init, int epochs) {
        Engine.getInstance().setRandomSeed((int) SEED);   // DJL's shuffling
        SequentialBlock mlp = new SequentialBlock()
                .add(Linear.builder().setUnits(128).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
        try (Model model = Model.newInstance("mlp")) {
            model.setBlock(mlp);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).optMomentum(0.9f)
                            .build());
            if (init.equals("he-normal")) {
                // DJL's path: DJL calls initlab for every weight when the trainer initializes the block
                config.optInitializer(InitlabInitializer.of("he-normal(nonlinearity=relu)").withSeed(SEED),
                        Parameter.Type.WEIGHT);
            }
            NDManager manager = model.getNDManager();
            Dataset train = BundledMnist.train();
            NDArray trainImages = images(manager, train);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 784));
                if (!init.equals("he-normal")) {
                    // initlab's path: every parameter by name, from the seed; lsuv runs on 256 training digits
                    NDArray probe = trainImages.get("0:256");
                    List<InitializedParameter> done = DjlBlockInitializer.of(init).withNonlinearity("relu")
                            .withNonlinearity("03Linear_*", "linear").initialize(mlp, SEED, probe);
                    done.forEach(p -> System.out.println("  " + p));
                }
                ArrayDataset data = new ArrayDataset.Builder().setData(trainImages)
                        .optLabels(labels(manager, train)).setSampling(BATCH, true).build();
                EasyTrain.fit(trainer, epochs, data, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (TranslateException e) {
                throw new IllegalStateException("training failed: " + e.getMessage(), e);
            }
            return accuracy(mlp, manager, BundledMnist.test());
        }
    }

    private static double accuracy(SequentialBlock mlp, NDManager manager, Dataset test) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray logits = mlp.forward(new ParameterStore(scratch, false), new NDList(images(scratch, test)), false)
                    .singletonOrThrow();
            NDArray predicted = logits.argMax(1).toType(DataType.INT32, false);
            NDArray correct = predicted.eq(labels(scratch, test).toType(DataType.INT32, false));
            return correct.sum().getLong() / (double) test.size();
        }
    }

    private static NDArray images(NDManager manager, Dataset data) {
        float[] pixels = new float[data.size() * 784];
        for (int i = 0; i < data.size(); i++) {
            data.copyFeatures(i, pixels, i * 784);
        }
        return manager.create(pixels, new Shape(data.size(), 784));
    }

    private static NDArray labels(NDManager manager, Dataset data) {
        float[] labels = new float[data.size()];
        for (int i = 0; i < data.size(); i++) {
            labels[i] = data.label(i);
        }
        return manager.create(labels);
    }
}

package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.initlab.tensorformats.NumpyArrays;
import org.initlab.tensorformats.Safetensors;
import org.initlab.tensorformats.TensorData;
import org.initlab.spi.Initializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pretrained}: loading by parameter path, the {@code missing} fallback, shape checks and the cache. */
class PretrainedInitializerTest {
    private static final TensorShape W0 = TensorShape.of(3, 2);
    private static final ParameterSpec WEIGHT_0 = ParameterSpec.weight("0.weight", W0, LayerKind.DENSE,
            Nonlinearity.of("relu"));
    private static final ParameterSpec BIAS_0 = ParameterSpec.bias("0.bias", 3, W0, LayerKind.DENSE,
            Nonlinearity.of("relu"));
    private static final ParameterSpec WEIGHT_2 = ParameterSpec.weight("2.weight", TensorShape.of(4, 3),
            LayerKind.DENSE, Nonlinearity.LINEAR);
    private static final TensorData WEIGHTS = new TensorData(new int[] {3, 2}, new float[] {1, 2, 3, 4, 5, 6});
    private static final TensorData BIASES = new TensorData(new int[] {3}, new float[] {-1, 0, 1});

    @TempDir
    Path dir;

    @Test
    void loadsSafetensorsByParameterPathAndFillsTheRestFromMissing() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("0.weight", WEIGHTS, "0.bias", BIASES, "9.unused", BIASES));
        Initializer pretrained = Catalogue.create("pretrained(path=\"" + file + "\", missing=he-normal)");

        assertThat(Catalogue.sample(pretrained, WEIGHT_0, 1)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(Catalogue.sample(pretrained, BIAS_0, 1)).containsExactly(-1, 0, 1);
        assertThat(Catalogue.sample(pretrained, WEIGHT_2, 1))
                .containsExactly(Catalogue.sample("he-normal", WEIGHT_2, 1));
    }

    @Test
    void missingDefaultsToZeros() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("0.weight", WEIGHTS));

        assertThat(Catalogue.sample("pretrained(\"" + file + "\")", WEIGHT_2, 1)).containsOnly(0f);
        assertThat(Catalogue.create("pretrained(\"" + file + "\")")).isEqualTo(new PretrainedInitializer(file));
    }

    @Test
    void loadsNpzMembersByParameterPath() throws IOException {
        Path file = dir.resolve("model.npz");
        NumpyArrays.writeNpz(file, Map.of("0.weight", WEIGHTS, "0.bias", BIASES));
        Initializer pretrained = Catalogue.create("pretrained(path=\"" + file + "\", missing=ones)");

        assertThat(Catalogue.sample(pretrained, WEIGHT_0, 1)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(Catalogue.sample(pretrained, BIAS_0, 1)).containsExactly(-1, 0, 1);
        assertThat(Catalogue.sample(pretrained, WEIGHT_2, 1)).containsOnly(1f);
    }

    @Test
    void loadsAnNpyFileIntoTheNamedParameterOnly() throws IOException {
        Path file = dir.resolve("w.npy");
        NumpyArrays.writeNpy(file, WEIGHTS);
        Initializer pretrained = Catalogue.create("pretrained(\"" + file + "\", name=0.weight)");

        assertThat(Catalogue.sample(pretrained, WEIGHT_0, 1)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(Catalogue.sample(pretrained, BIAS_0, 1)).containsOnly(0f);
    }

    @Test
    void aTensorOfAnotherShapeIsRejectedNamingTheParameterAndBothShapes() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("0.weight", new TensorData(new int[] {2, 3}, new float[6])));
        Initializer pretrained = Catalogue.create("pretrained(\"" + file + "\")");

        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.sample(pretrained, WEIGHT_0, 1))
                .withMessage("pretrained: tensor '0.weight' in " + file + " has shape [2, 3], but parameter "
                        + "0.weight has shape [3, 2]");
        assertThatIllegalArgumentException().isThrownBy(() -> pretrained.expectedStd(WEIGHT_0))
                .withMessageStartingWith("pretrained: tensor '0.weight' in ");
    }

    @Test
    void aMissingOrBrokenFileFailsOnFirstUseWithAOneLineMessage() throws IOException {
        Path absent = dir.resolve("absent.safetensors");
        Path broken = dir.resolve("broken.safetensors");
        Files.write(broken, new byte[] {1, 2, 3});
        Initializer fromAbsent = Catalogue.create("pretrained(\"" + absent + "\")");
        Initializer fromBroken = Catalogue.create("pretrained(\"" + broken + "\")");

        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.sample(fromAbsent, WEIGHT_0, 1))
                .withMessage("pretrained cannot read " + absent + ": no such file");
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.sample(fromBroken, WEIGHT_0, 1))
                .withMessage("pretrained: " + broken + ": not a safetensors file: 3 bytes, fewer than the 8 of the "
                        + "header length");
    }

    @Test
    void theFileIsReadOnceAndKeptWhileAFailedLoadIsRetried() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Initializer pretrained = Catalogue.create("pretrained(\"" + file + "\")");
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.sample(pretrained, WEIGHT_0, 1));

        Safetensors.write(file, Map.of("0.weight", WEIGHTS));
        assertThat(Catalogue.sample(pretrained, WEIGHT_0, 1)).containsExactly(1, 2, 3, 4, 5, 6);

        Files.delete(file);
        assertThat(Catalogue.sample(pretrained, WEIGHT_0, 1)).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void concurrentFirstUsesAllSeeTheLoadedTensors() throws Exception {
        Path file = dir.resolve("model.safetensors");
        float[] big = new float[200 * 300];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.5f;
        }
        Safetensors.write(file, Map.of("0.weight", new TensorData(new int[] {200, 300}, big)));
        Initializer pretrained = Catalogue.create("pretrained(\"" + file + "\")");
        ParameterSpec parameter = ParameterSpec.weight("0.weight", TensorShape.of(200, 300), LayerKind.DENSE,
                Nonlinearity.LINEAR);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<float[]>> tasks = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                tasks.add(() -> {
                    float[] values = new float[parameter.elementCount()];
                    pretrained.initialize(parameter, values, SeededRandom.of(1));
                    return values;
                });
            }
            for (Future<float[]> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo(big);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expectedStdIsTheStdOfTheLoadedValuesOrOfMissing() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("0.weight", WEIGHTS));
        Initializer pretrained = Catalogue.create("pretrained(path=\"" + file + "\", missing=normal(std=0.5))");

        assertThat(pretrained.expectedStd(WEIGHT_0).orElseThrow()).isCloseTo(Math.sqrt(35.0 / 12), within(1e-12));
        assertThat(pretrained.expectedStd(WEIGHT_2)).hasValue(0.5);
    }

    @Test
    void equalityIsByFileNameAndMissing() {
        Path file = Path.of("w.safetensors");

        assertThat(new PretrainedInitializer(file, Optional.empty(), new ZerosInitializer()))
                .isEqualTo(new PretrainedInitializer(file))
                .isNotEqualTo(new PretrainedInitializer(file, Optional.empty(), new OnesInitializer()))
                .isNotEqualTo(new PretrainedInitializer(Path.of("v.safetensors")));
        assertThat(new PretrainedInitializer(Path.of("w.npy"), Optional.of("0.weight"), new OnesInitializer()))
                .hasToString("pretrained(path=w.npy, missing=ones, name=0.weight)");
    }
}

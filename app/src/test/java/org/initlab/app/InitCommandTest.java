package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.tensorformats.NumpyArrays;
import org.initlab.tensorformats.Safetensors;
import org.initlab.tensorformats.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code initlab init}: the file, its header, its equality with sample and compare, and refused output paths. */
class InitCommandTest {
    private static final String CNN = "cnn:1x8x8-c4k3p1-bn-p2-f16-bn-10:relu";

    @TempDir
    Path tmp;

    /** A header read by the safetensors specification, independently of initlab's reader. */
    private record Header(JsonNode json, long dataLength) {
    }

    private static Header header(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        long length = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(length % 8).isZero();
        JsonNode json = new ObjectMapper().readTree(new String(bytes, 8, (int) length, StandardCharsets.UTF_8));
        return new Header(json, bytes.length - 8 - length);
    }

    private static List<String> tensorNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(n -> {
            if (!n.equals("__metadata__")) {
                names.add(n);
            }
        });
        return names;
    }

    @Test
    void headerListsEveryParameterAndBufferWithShapesDtypesAndContiguousOffsets() throws Exception {
        Path file = tmp.resolve("cnn.safetensors");
        CliTest.Run r = CliTest.run("init", "--model", CNN, "--init", "he-normal", "--seed", "4", "--out",
                file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wrote " + file + ": 10 parameters and 6 buffers");

        Header h = header(file);
        List<String> names = tensorNames(h.json());
        Network network = ModelSpec.parse(CNN);
        List<String> expected = new ArrayList<>(network.parameters().stream().map(ParameterSpec::path).toList());
        expected.addAll(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked", "6.running_mean",
                "6.running_var", "6.num_batches_tracked"));
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
        for (ParameterSpec p : network.parameters()) {
            JsonNode entry = h.json().get(p.path());
            assertThat(entry.get("dtype").asText()).isEqualTo("F32");
            List<Integer> shape = new ArrayList<>();
            entry.get("shape").forEach(d -> shape.add(d.asInt()));
            assertThat(shape).as(p.path()).containsExactlyElementsOf(
                    java.util.Arrays.stream(p.shape().dims()).boxed().toList());
        }
        assertThat(h.json().get("6.running_var").get("shape").toString()).isEqualTo("[16]");
        assertThat(h.json().get("1.num_batches_tracked").get("dtype").asText()).isEqualTo("I64");
        assertThat(h.json().get("1.num_batches_tracked").get("shape").toString()).isEqualTo("[]");
        List<long[]> ranges = new ArrayList<>();
        for (String name : names) {
            JsonNode entry = h.json().get(name);
            long begin = entry.get("data_offsets").get(0).asLong();
            long end = entry.get("data_offsets").get(1).asLong();
            long count = 1;
            for (JsonNode d : entry.get("shape")) {
                count *= d.asLong();
            }
            assertThat(end - begin).as(name).isEqualTo(count * (entry.get("dtype").asText().equals("I64") ? 8 : 4));
            ranges.add(new long[] {begin, end});
        }
        ranges.sort(Comparator.comparingLong(a -> a[0]));
        long position = 0;
        for (long[] range : ranges) {
            assertThat(range[0]).isEqualTo(position);
            position = range[1];
        }
        assertThat(position).isEqualTo(h.dataLength());
        JsonNode metadata = h.json().get("__metadata__");
        assertThat(metadata.get("format").asText()).isEqualTo("pt");
        assertThat(metadata.get("initlab.seed").asText()).isEqualTo("4");
        assertThat(metadata.get("initlab.model").asText()).isEqualTo(network.spec());
        assertThat(new ObjectMapper().readTree(metadata.get(RunProvenance.METADATA_KEY).asText())
                .get("initializers").toString()).contains("he-normal");

        Map<String, TensorData> read = Safetensors.read(file);
        assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(read.get("1.running_mean").values()).containsOnly(0f);
        assertThat(read.get("6.running_var").values()).containsOnly(1f);
        assertThat(read.get("1.num_batches_tracked").values()).containsExactly(0f);
        assertThat(read.get("1.weight").values()).containsOnly(1f);
    }

    @Test
    void everyParameterEqualsSampleWithTheSameSeedAndPath() throws Exception {
        Path file = tmp.resolve("w.safetensors");
        CliTest.Run r = CliTest.run("init", "--model", CNN, "--init", "he-normal", "--bias-init", "normal(std=0.1)",
                "--seed", "9", "--out", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, TensorData> state = Safetensors.read(file);
        int compared = 0;
        for (ParameterSpec p : ModelSpec.parse(CNN).parameters()) {
            if (p.layerKind() == org.initlab.spi.LayerKind.NORMALIZATION) {
                continue; // sample has no normalization layers; they start at 1 and 0 (checked above)
            }
            Path npy = tmp.resolve(p.path() + ".npy");
            CliTest.Run s = CliTest.run("sample", "--init", p.role() == ParameterRole.BIAS ? "normal(std=0.1)"
                    : "he-normal", "--shape", p.shape().toString().replaceAll("[\\[\\] ]", ""), "--seed", "9",
                    "--path", p.path(), "--role", p.role() == ParameterRole.BIAS ? "bias" : "weight",
                    "--nonlinearity", p.nonlinearity().name(), "--out", npy.toString());
            assertThat(s.code()).as(s.err()).isZero();
            assertThat(NumpyArrays.readNpy(npy).values()).as(p.path()).isEqualTo(state.get(p.path()).values());
            compared++;
        }
        assertThat(compared).isEqualTo(6);
        assertThat(state.get("0.weight").values()).isNotEqualTo(
                Safetensors.read(initFile("other.safetensors", "--seed", "10")).get("0.weight").values());
    }

    private Path initFile(String name, String... extra) {
        Path file = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("init", "--model", CNN, "--init", "he-normal", "--bias-init",
                "normal(std=0.1)", "--out", file.toString()));
        args.addAll(List.of(extra));
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return file;
    }

    /**
     * compare with a learning rate of 1e-30 changes no weight that is not zero (each update is far below the
     * weight's last bit), so the trained weights it saves are the weights it started from; biases start at 0.1
     * so that none of them is zero.
     */
    @Test
    void parametersEqualTheWeightsCompareStartsFromIncludingLsuvOnTheProbeBatch() throws Exception {
        for (String init : List.of("he-normal", "lsuv(pre=orthogonal)")) {
            Path saved = tmp.resolve("saved-" + init.hashCode());
            String model = "mlp:784-24-bn-12-10:tanh";
            List<String> common = List.of("--model", model, "--init", init, "--init-rule", "*.bias=constant(0.1)",
                    "--seed", "3", "--train-limit", "300");
            List<String> compare = new ArrayList<>(List.of("compare", "--seeds", "1", "--epochs", "1",
                    "--test-limit", "50", "--optimizer", "sgd(lr=1e-30, momentum=0)", "--threads", "1", "--quiet",
                    "--save-weights", saved.toString()));
            compare.addAll(common);
            CliTest.Run c = CliTest.run(compare.toArray(String[]::new));
            assertThat(c.code()).as(c.err()).isZero();
            Path file = tmp.resolve("init-" + init.hashCode() + ".safetensors");
            List<String> initArgs = new ArrayList<>(List.of("init", "--out", file.toString()));
            initArgs.addAll(common);
            CliTest.Run r = CliTest.run(initArgs.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();

            Map<String, TensorData> trained;
            try (Stream<Path> files = Files.list(saved)) {
                trained = Safetensors.read(files.filter(f -> f.toString().endsWith(".safetensors")).findFirst()
                        .orElseThrow());
            }
            Map<String, TensorData> initial = Safetensors.read(file);
            assertThat(trained).isNotEmpty();
            for (Map.Entry<String, TensorData> e : trained.entrySet()) {
                assertThat(initial.get(e.getKey())).as(init + " " + e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(new HashSet<>(initial.keySet())).containsAll(trained.keySet())
                    .contains("1.running_mean", "1.num_batches_tracked");
        }
    }

    @Test
    void anExistingFileIsRefusedWithoutForceAndReplacedWithIt() throws Exception {
        Path file = tmp.resolve("w.safetensors");
        Files.writeString(file, "keep me");
        CliTest.Run r = CliTest.run("init", "--model", "mlp:4-3-2", "--init", "he-normal", "--out", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("initlab: --out " + file + " exists; give --force to replace it");
        assertThat(Files.readString(file)).isEqualTo("keep me");

        CliTest.Run forced = CliTest.run("init", "--model", "mlp:4-3-2", "--init", "he-normal", "--out",
                file.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Safetensors.read(file)).containsOnlyKeys("0.weight", "0.bias", "2.weight", "2.bias");
        assertThat(filesIn(tmp)).containsExactly("w.safetensors");
    }

    @Test
    void badInputIsOneLineWithExitTwoAndLeavesNoFile() throws Exception {
        Path file = tmp.resolve("w.safetensors");
        Path aFile = Files.writeString(tmp.resolve("plain"), "x");
        List<List<String>> cases = List.of(
                List.of("--model", "mlp:4-3-2", "--init", "no-such-init", "--out", file.toString()),
                List.of("--model", "mlp:4-x-2", "--init", "he-normal", "--out", file.toString()),
                List.of("--model", "mlp:4-3-2", "--init", "he-normal,zeros", "--out", file.toString()),
                List.of("--model", "mlp:4-3-2", "--out", file.toString()),
                List.of("--model", "mlp:4-3-2", "--init", "he-normal"),
                List.of("--model", "mlp:4-3-2", "--init", "he-normal", "--out",
                        tmp.resolve("missing/w.safetensors").toString()),
                List.of("--model", "mlp:4-3-2", "--init", "he-normal", "--out", aFile.resolve("w.safetensors")
                        .toString()),
                List.of("--model", "mlp:784-3-10", "--init", "lsuv", "--normalize", "oops", "--out", file.toString()));
        for (List<String> args : cases) {
            List<String> all = new ArrayList<>(List.of("init"));
            all.addAll(args);
            CliTest.Run r = CliTest.run(all.toArray(String[]::new));
            assertThat(r.code()).as(args + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(args + ": " + r.err()).isEqualTo(1);
            assertThat(filesIn(tmp)).as(args.toString()).containsExactly("plain");
        }
    }

    @Test
    void aFailedWriteLeavesNeitherTheFileNorItsTemporary() throws Exception {
        Path file = tmp.resolve("w.safetensors");
        Files.createDirectory(tmp.resolve("w.safetensors.tmp")); // the temporary file cannot be created
        CliTest.Run r = CliTest.run("init", "--model", "mlp:4-3-2", "--init", "he-normal", "--out", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("initlab: --out " + file + ": cannot write");
        assertThat(file).doesNotExist();
    }

    private static List<String> filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void printedPytorchModuleHasTheFilesStateDictNames() throws Exception {
        for (String model : List.of("mlp:20-16-ln-16-rms-5:gelu_tanh", CNN,
                "cnn:1x8x8-c4k3p1-bn-[c4k3p1-bn-c4k3p1-bn]-[c8k3s2p1-bn-c8k3p1-bn]-gap-10:relu",
                "mlp:12-8-pre[8-8-alpha]x2-3", "mlp:12-8-[8-8-fixup]x2-3:relu")) {
            Path file = tmp.resolve("m" + model.hashCode() + ".safetensors");
            CliTest.Run r = CliTest.run("init", "--model", model, "--init", "orthogonal", "--out", file.toString(),
                    "--print-pytorch");
            assertThat(r.code()).as(model + ": " + r.err()).isZero();
            PytorchModules modules = PytorchModules.of(ModelSpec.parse(model));
            assertThat(r.out()).contains(modules.source())
                    .contains("model.load_state_dict(load_file(\"" + file.getFileName() + "\"), strict=True)");
            assertThat(Safetensors.read(file).keySet()).as(model)
                    .containsExactlyInAnyOrderElementsOf(modules.stateDictKeys());
        }
    }

    @Test
    void pytorchListingWritesEveryConstructorArgument() {
        String cnn = PytorchModules.of(ModelSpec.parse(
                "cnn:3x8x8-c8k3s2p1g1-bn-c8k3p1g2-ln-[c8k3p1-bn-c8k3p1-bn-alpha]-gap-10:leaky_relu")).source();
        assertThat(cnn).contains("nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1, groups=1)",
                "nn.BatchNorm2d(8, eps=1e-05, momentum=0.1)", "nn.Conv2d(8, 8, kernel_size=3, stride=1, padding=1, "
                        + "groups=2)", "nn.LayerNorm([8, 4, 4], eps=1e-05)", "nn.LeakyReLU(negative_slope=0.01)",
                "nn.AdaptiveAvgPool2d(1)", "nn.Flatten()", "nn.Linear(8, 10)", "post=nn.LeakyReLU");
        assertThat(cnn.split("class Residual", -1)).hasSize(2);
        assertThat(cnn.split("class Gate", -1)).hasSize(2);
        assertThat(cnn).doesNotContain("class ScalarBias");
        assertThat(PytorchModules.of(ModelSpec.parse("cnn:6-f4-rms-d0.25-3")).source())
                .contains("nn.RMSNorm(4, eps=1.1920928955078125e-07)").contains("nn.Dropout(p=0.25)");
    }

    @Test
    void floatsArePrintedAsPythonsReprPrintsThem() {
        Iterator<String> expected = List.of("1e-05", "0.1", "1.0", "0.0", "1.1920928955078125e-07", "1e+16",
                "123.5", "0.0001", "-2.5e-05").iterator();
        for (double v : new double[] {1e-5, 0.1, 1, 0, 0x1.0p-23, 1e16, 123.5, 1e-4, -2.5e-5}) {
            assertThat(PytorchModules.pythonFloat(v)).isEqualTo(expected.next());
        }
    }
}

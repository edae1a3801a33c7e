package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.initlab.tensorformats.Safetensors;
import org.initlab.tensorformats.TensorData;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fixed-seed outputs of every built-in initializer, compared bit for bit with
 * {@code src/test/resources/golden/<name>.txt}, so that an accidental change of a stream (draw order,
 * formula, rounding) is caught. Every provider runs on a {@code [4, 6]} weight called {@code golden}, except
 * those in {@link #PARAMETERS} (24 elements too); {@code pretrained} loads a fixture written to
 * {@code target/golden-fixtures}.
 *
 * <p>To regenerate after an intended change, run
 * <pre>./mvnw -o -q -B -pl initializers-builtin verify -Dgolden.update=true</pre>
 * which rewrites the files (the tests then report as skipped), and review the diff before committing.
 */
class GoldenValuesTest {
    private static final String UPDATE_PROPERTY = "golden.update";
    private static final ParameterSpec PARAMETER = ParameterSpec.weight("golden", TensorShape.of(4, 6),
            LayerKind.DENSE, Nonlinearity.LINEAR);
    /** A tensor of 24 distinct values that {@code pretrained} loads for its golden file. */
    private static final TensorData PRETRAINED = pretrainedTensor();
    /** Specs for the providers that cannot run on their defaults (scaled-normal: a scale other than lecun-normal's). */
    private static final Map<String, String> SPECS = Map.of("constant", "constant(0.5)", "sparse", "sparse(0.5)",
            "scaled-normal", "scaled-normal(sigma_w=1.5)",
            "pretrained", "pretrained(\"" + pretrainedFixture() + "\")");
    /** How the header of a golden file shows a spec that holds a machine-specific path. */
    private static final Map<String, String> DISPLAYED = Map.of("pretrained",
            "pretrained(path=<a safetensors file with tensor 'golden' = i / 8 - 1.5>)");
    /** {@code in_proj_weight} [3D, D] of a block of width 4 in a ViT of 2 layers (4 residual branches). */
    private static final ParameterSpec IN_PROJECTION = ParameterSpec.weight("3.self_attn.in_proj_weight",
            TensorShape.of(12, 4), LayerKind.DENSE, Nonlinearity.LINEAR).withPlacement(
            new Placement(Placement.Region.BRANCH, 0, 4, 0, 2, false));
    /** Other parameters (24 elements each, 48 for a fused projection) for the providers that do not accept a [4, 6] matrix or are dull on it. */
    private static final Map<String, ParameterSpec> PARAMETERS = Map.of(
            "dirac", ParameterSpec.weight("golden", TensorShape.of(4, 2, 3), LayerKind.CONV, Nonlinearity.LINEAR),
            "delta-orthogonal", ParameterSpec.weight("golden", TensorShape.of(4, 2, 3), LayerKind.CONV,
                    Nonlinearity.LINEAR),
            "zero-init", ParameterSpec.weight("golden", TensorShape.of(6, 4), LayerKind.DENSE, Nonlinearity.LINEAR),
            // structure-aware: a kernel where the structure changes it (the others are their base, he-normal)
            "fixup", ParameterSpec.weight("golden", TensorShape.of(4, 6), LayerKind.DENSE, Nonlinearity.of("relu"))
                    .withPlacement(new Placement(Placement.Region.BRANCH, 0, 4, 0, 2, false)),
            "residual-scaled", ParameterSpec.weight("golden", TensorShape.of(4, 6), LayerKind.DENSE,
                    Nonlinearity.of("relu")).withPlacement(new Placement(Placement.Region.BRANCH, 1, 4, 1, 2, false)),
            // transformer ones: a residual output projection (gpt2), a fused q/k/v projection of width 4 in a
            // network of 2 layers (t-fixup, deepnorm: its three row blocks differ), a positional embedding
            "gpt2", ParameterSpec.weight("3.self_attn.out_proj.weight", TensorShape.of(4, 6), LayerKind.DENSE,
                    Nonlinearity.LINEAR).withPlacement(new Placement(Placement.Region.BRANCH, 1, 4, 1, 2, false)),
            "t-fixup", IN_PROJECTION, "deepnorm", IN_PROJECTION,
            "small-embedding", new ParameterSpec("2.pos_embedding", ParameterRole.WEIGHT, TensorShape.of(1, 4, 6),
                    LayerKind.EMBEDDING, Nonlinearity.LINEAR, Optional.empty(),
                    Optional.of(Placement.trunk(0, 4, false))));

    static Stream<String> names() {
        return Catalogue.providers().stream().map(InitializerProvider::name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void fixedSeedOutputMatchesTheGoldenFileBitForBit(String name) throws IOException {
        InitializerProvider provider = Catalogue.provider(name);
        boolean needsOptions = provider.options().stream().anyMatch(OptionSpec::required);
        String spec = SPECS.getOrDefault(name, name);
        assertThat(needsOptions && !SPECS.containsKey(name))
                .as("%s has required options: add a spec for it to GoldenValuesTest.SPECS", name).isFalse();

        ParameterSpec parameter = PARAMETERS.getOrDefault(name, PARAMETER);
        float[] values = new float[parameter.elementCount()];
        Catalogue.create(spec).initialize(parameter, values, SeededRandom.of(42).fork("golden"));
        String file = name + ".txt";

        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Path path = sourceDirectory().resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, render(DISPLAYED.getOrDefault(name, spec), parameter, values),
                    StandardCharsets.UTF_8);
            Assumptions.abort("rewrote " + path + "; review the diff");
        }

        List<Integer> expected = read(file);
        assertThat(expected).as("number of values in golden/%s", file).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            int actual = Float.floatToRawIntBits(values[i]);
            assertThat(Integer.toHexString(actual)).as("%s element %d (%s), expected %s", spec, i, values[i],
                    Float.intBitsToFloat(expected.get(i))).isEqualTo(Integer.toHexString(expected.get(i)));
        }
    }

    private static String render(String spec, ParameterSpec parameter, float[] values) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(spec).append(" on shape ").append(parameter.shape())
                .append(", random SeededRandom.of(42).fork(\"golden\")\n");
        out.append("# one element per line, row-major: IEEE-754 float bits in hex, then Float.toString\n");
        out.append("# regenerate: ./mvnw -o -q -B -pl initializers-builtin verify -D").append(UPDATE_PROPERTY)
                .append("=true\n");
        for (float v : values) {
            out.append(String.format("%08x", Float.floatToRawIntBits(v))).append(' ').append(v).append('\n');
        }
        return out.toString();
    }

    private static List<Integer> read(String file) throws IOException {
        try (InputStream in = GoldenValuesTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                return fail("missing golden file src/test/resources/golden/%s; generate it with -D%s=true", file,
                        UPDATE_PROPERTY);
            }
            List<Integer> bits = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    bits.add(Integer.parseUnsignedInt(trimmed.split(" ")[0], 16));
                }
            }
            return bits;
        }
    }

    private static TensorData pretrainedTensor() {
        float[] values = new float[24];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / 8f - 1.5f;
        }
        return new TensorData(new int[] {4, 6}, values);
    }

    /** Writes the file {@code pretrained} loads into the build directory. */
    private static String pretrainedFixture() {
        try {
            String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
            Path file = Path.of(basedir, "target", "golden-fixtures", "pretrained.safetensors");
            Files.createDirectories(file.getParent());
            Safetensors.write(file, Map.of("golden", PRETRAINED, "unused", new TensorData(new int[] {1},
                    new float[] {7})));
            return file.toString().replace('\\', '/');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path sourceDirectory() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir, "src", "test", "resources", "golden");
    }
}

package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {
    @TempDir
    Path tmp;

    /** Reads a .npy file by the NumPy format specification, independently of initlab's writer. */
    private static float[] readNpy(Path file, String expectedShape) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[0] & 0xff).isEqualTo(0x93);
        assertThat(new String(bytes, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        assertThat(bytes[6]).isEqualTo((byte) 1);
        assertThat(bytes[7]).isEqualTo((byte) 0);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f4'").contains("'fortran_order': False")
                .contains("'shape': " + expectedShape).endsWith("\n");
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, bytes.length - 10 - headerLength)
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[data.remaining() / 4];
        data.asFloatBuffer().get(values);
        return values;
    }

    @Test
    void writesAnNpyFileWhoseStatisticsMatchTheory() throws Exception {
        Path npy = tmp.resolve("he.npy");
        CliTest.Run r = CliTest.run("sample", "--init", "he-normal(nonlinearity=relu)", "--shape", "512,784",
                "--seed", "3", "--out", npy.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("theory std 0.0505076").contains("wrote " + npy);
        float[] values = readNpy(npy, "(512, 784)");
        assertThat(values).hasSize(512 * 784);
        double sum = 0;
        double sumSq = 0;
        for (float v : values) {
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / values.length;
        assertThat(mean).isCloseTo(0, within(0.001));
        assertThat(Math.sqrt(sumSq / values.length - mean * mean)).isCloseTo(Math.sqrt(2.0 / 784), within(0.0005));
    }

    @Test
    void reproducesTheFirstLayerThatCompareStartsFrom() throws Exception {
        Path npy = tmp.resolve("w.npy");
        assertThat(CliTest.run("sample", "--init", "xavier-uniform", "--shape", "16,8", "--seed", "5",
                "--out", npy.toString()).code()).isZero();
        InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
        float[] expected = InitializationPlan.of(registry.resolve("xavier-uniform"), registry.resolve("zeros"))
                .materialize(ModelSpec.parse("mlp:8-16-4"), 5).values("0.weight");
        assertThat(readNpy(npy, "(16, 8)")).isEqualTo(expected);
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        CliTest.Run shape = CliTest.run("sample", "--init", "he-normal", "--shape", "512,x");
        assertThat(shape.code()).isEqualTo(2);
        assertThat(shape.err().strip()).isEqualTo("initlab: bad shape '512,x': 'x' is not a non-negative integer");
        CliTest.Run rank = CliTest.run("sample", "--init", "he-normal", "--shape", "7");
        assertThat(rank.code()).isEqualTo(2);
        assertThat(rank.err()).contains("at least 2 dimensions");
        CliTest.Run nonlinearity = CliTest.run("sample", "--init", "he-normal", "--shape", "4,4",
                "--nonlinearity", "swish");
        assertThat(nonlinearity.err()).contains("--nonlinearity must be one of");
        CliTest.Run lsuv = CliTest.run("sample", "--init", "lsuv(pre=he-normal)", "--shape", "4,4");
        assertThat(lsuv.code()).isEqualTo(2);
        assertThat(lsuv.err()).contains("needs data");
    }
}

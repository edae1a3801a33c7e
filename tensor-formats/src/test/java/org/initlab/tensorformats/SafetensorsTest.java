package org.initlab.tensorformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading and writing safetensors: round trips, the exact bytes, files in PyTorch's layout, broken files. */
class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsNamesShapesAndEveryBit() throws IOException {
        Map<String, TensorData> tensors = Map.of(
                "0.weight", new TensorData(new int[] {2, 3}, new float[] {1.5f, -0f, Float.MIN_VALUE, Float.NaN,
                    Float.POSITIVE_INFINITY, -3.25e-20f}),
                "0.bias", new TensorData(new int[] {2}, new float[] {0.1f, -0.2f}),
                "scale", new TensorData(new int[0], new float[] {7}),
                "empty", new TensorData(new int[] {0, 4}, new float[0]));
        Path file = dir.resolve("w.safetensors");

        Safetensors.write(file, tensors);

        assertThat(Safetensors.read(file)).isEqualTo(tensors).containsOnlyKeys("0.bias", "0.weight", "empty", "scale");
        assertThat(Safetensors.readMetadata(file)).isEmpty();
    }

    @Test
    void writtenBytesAreTheCompactSortedHeaderPaddedToEightBytesThenLittleEndianFloats() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, Map.of(
                "z", new TensorData(new int[] {1}, new float[] {2}),
                "a", new TensorData(new int[] {2, 1}, new float[] {1.5f, -1})));

        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,8]},"
                + "\"z\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        String padded = json + " ".repeat((8 - json.length() % 8) % 8);
        ByteBuffer expected = ByteBuffer.allocate(8 + padded.length() + 12).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(padded.length()).put(padded.getBytes(StandardCharsets.UTF_8));
        expected.putFloat(1.5f).putFloat(-1).putFloat(2);

        assertThat(padded.length() % 8).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.array());
    }

    @Test
    void int64TensorsAreWrittenInNameOrderAmongTheFloatsAndReadBackAsFloats() throws IOException {
        Path file = dir.resolve("bn.safetensors");
        Safetensors.write(file, Map.of("1.running_mean", new TensorData(new int[] {1}, new float[] {0.5f})),
                Map.of("1.num_batches_tracked", Int64Tensor.scalar(7)), Map.of());

        String json = "{\"1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"1.running_mean\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        String padded = json + " ".repeat((8 - json.length() % 8) % 8);
        ByteBuffer expected = ByteBuffer.allocate(8 + padded.length() + 12).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(padded.length()).put(padded.getBytes(StandardCharsets.UTF_8));
        expected.putLong(7).putFloat(0.5f);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.array());
        assertThat(Safetensors.read(file)).containsEntry("1.num_batches_tracked",
                new TensorData(new int[0], new float[] {7}));
    }

    @Test
    void aNameGivenAsFloatAndAsInt64IsRejected() {
        assertThatThrownBy(() -> Safetensors.write(dir.resolve("x.safetensors"),
                Map.of("n", new TensorData(new int[0], new float[] {1})), Map.of("n", Int64Tensor.scalar(1)),
                Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'n'");
    }

    @Test
    void metadataIsWrittenFirstAndReadBack() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, Map.of("w", new TensorData(new int[] {1}, new float[] {1})),
                Map.of("seed", "42", "init", "he-normal(mode=fan_out)", "format", "pt"));

        String header = new String(Files.readAllBytes(file), 8, 70, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"pt\",\"init\":\"he-normal(mode=fan_out)\",");
        assertThat(Safetensors.readMetadata(file)).containsExactly(Map.entry("format", "pt"),
                Map.entry("init", "he-normal(mode=fan_out)"), Map.entry("seed", "42"));
        assertThat(Safetensors.read(file)).containsOnlyKeys("w");
    }

    @Test
    void reservedAndEmptyNamesAreRejectedWhenWriting() {
        Map<String, TensorData> reserved = Map.of("__metadata__", new TensorData(new int[] {1}, new float[] {1}));

        assertThatIllegalArgumentException().isThrownBy(() -> Safetensors.write(dir.resolve("x.safetensors"),
                reserved)).withMessage("a safetensors tensor cannot be named '__metadata__'");
    }

    @Test
    void aFileInPyTorchsLayoutLoads() throws IOException {
        // as safetensors.torch.save_file writes a Linear(2, 3) state_dict: metadata first, keys in any order,
        // data sorted by name (0.bias before 0.weight), header padded with spaces
        String json = "{\"__metadata__\":{\"format\":\"pt\"},\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],"
                + "\"data_offsets\":[12,36]},\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}";
        ByteBuffer data = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {0.5f, -0.5f, 0.25f, 1, 2, 3, 4, 5, 6}) {
            data.putFloat(v);
        }
        Path file = write(json, true, data.array());

        Map<String, TensorData> tensors = Safetensors.read(file);

        assertThat(tensors).containsOnlyKeys("0.bias", "0.weight");
        assertThat(tensors.get("0.weight")).isEqualTo(new TensorData(new int[] {3, 2}, new float[] {1, 2, 3, 4, 5, 6}));
        assertThat(tensors.get("0.bias")).isEqualTo(new TensorData(new int[] {3}, new float[] {0.5f, -0.5f, 0.25f}));
        assertThat(Safetensors.readMetadata(file)).containsExactly(Map.entry("format", "pt"));
    }

    @Test
    void halfBfloatAndDoublePrecisionAreConvertedToFloat() throws IOException {
        String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[10,16]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[16,32]}}";
        ByteBuffer data = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        // float16: 1, -0.5, 65504 (largest), 2^-24 (smallest subnormal), -infinity
        for (int bits : new int[] {0x3c00, 0xb800, 0x7bff, 0x0001, 0xfc00}) {
            data.putShort((short) bits);
        }
        // bfloat16: 1, -2, 3.140625
        for (int bits : new int[] {0x3f80, 0xc000, 0x4049}) {
            data.putShort((short) bits);
        }
        data.putDouble(0.1).putDouble(-1e300);
        Map<String, TensorData> tensors = Safetensors.read(write(json, true, data.array()));

        assertThat(tensors.get("h").values()).containsExactly(1f, -0.5f, 65504f, 0x1.0p-24f, Float.NEGATIVE_INFINITY);
        assertThat(tensors.get("b").values()).containsExactly(1f, -2f, 3.140625f);
        assertThat(tensors.get("d").values()).containsExactly(0.1f, Float.NEGATIVE_INFINITY);
    }

    @Test
    void aFileShorterThanTheLengthFieldIsRejected() throws IOException {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[] {1, 2, 3, 4, 5});

        assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(file + ": not a safetensors file: 5 bytes, fewer than the 8 of the header length");
    }

    @Test
    void aTruncatedHeaderIsRejected() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        ByteBuffer bytes = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN).putLong(1000);
        Files.write(file, bytes.array());

        assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(file + ": header length 1000 exceeds the 20 bytes that follow it (truncated file?)");
    }

    @Test
    void anAbsurdHeaderLengthIsRejected() throws IOException {
        Path file = dir.resolve("huge.safetensors");
        byte[] bytes = new byte[16];
        java.util.Arrays.fill(bytes, 0, 8, (byte) 0xff);
        Files.write(file, bytes);

        assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(file + ": header length 18446744073709551615 exceeds the limit of 100000000 bytes");
    }

    @Test
    void truncatedDataIsRejected() throws IOException {
        Path whole = dir.resolve("whole.safetensors");
        Safetensors.write(whole, Map.of("w", new TensorData(new int[] {4}, new float[] {1, 2, 3, 4})));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 6));

        assertThatThrownBy(() -> Safetensors.read(cut)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(cut + ": tensor 'w' has data_offsets [0, 16] beyond the 10 bytes of data");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[1, 2]                                                       | header does not start with '{'",
        "` {}`                                                        | header does not start with '{'",
        "{\"w\":                                                      | bad JSON header: unexpected end, expected a value at character 9",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{}} | bad JSON header: duplicate key \"w\" at character 55",
        "{\"w\":[]}                                                   | tensor 'w' must be an object with dtype, shape and data_offsets",
        "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}               | tensor 'w' needs a string dtype",
        "{\"w\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}} | tensor 'w' has dtype I32; supported: F32, F16, BF16, F64, I64",
        "{\"w\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}  | tensor 'w' has dtype Q7; supported: F32, F16, BF16, F64, I64",
        "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}           | tensor 'w' needs shape as an array of non-negative integers",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}} | tensor 'w' needs shape as an array of non-negative integers, got -1",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}} | tensor 'w' needs shape as an array of non-negative integers, got 1.5",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}  | tensor 'w' needs data_offsets as an array of 2 non-negative integers",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}} | tensor 'w' has data_offsets [4, 0] that end before they begin",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}} | tensor 'w' has data_offsets [0, 4] spanning 4 bytes, but shape [2] of F32 needs 8",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}} | tensor 'w' has data_offsets [0, 12] beyond the 8 bytes of data",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}} | tensor 'w' starts at byte 4 of the data, expected 0 (tensors must fill the data without gaps or overlaps)",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}} | tensor 'b' starts at byte 4 of the data, expected 8 (tensors must fill the data without gaps or overlaps)",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} | 4 bytes of data after the last tensor",
        "{\"__metadata__\":{\"a\":1}}                                 | __metadata__ value of 'a' must be a string"})
    void malformedHeadersAreRejectedNamingTheFileAndTheTensor(String json, String message) throws IOException {
        Path file = write(json, true, new byte[8]);

        assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(file + ": " + message);
    }

    @Test
    void aHeaderThatIsNotUtf8IsRejected() throws IOException {
        Path file = dir.resolve("latin1.safetensors");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = {'{', '"', (byte) 0xe9, '"', ':', '1', '}', ' '};
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        Files.write(file, out.toByteArray());

        assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(file + ": header is not valid UTF-8");
    }

    @Test
    void aMissingFileIsAnIoError() {
        Path file = dir.resolve("absent.safetensors");

        assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    /** A safetensors file from a header and data, the header optionally padded with spaces to 8 bytes. */
    private Path write(String json, boolean pad, byte[] data) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        int length = pad ? (header.length + 7) / 8 * 8 : header.length;
        ByteBuffer bytes = ByteBuffer.allocate(8 + length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(length).put(header);
        for (int i = header.length; i < length; i++) {
            bytes.put((byte) ' ');
        }
        bytes.put(data);
        Path file = Files.createTempFile(dir, "t", ".safetensors");
        Files.write(file, bytes.array());
        return file;
    }
}

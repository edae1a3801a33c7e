package org.initlab.tensorformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reading and writing {@code .npy} / {@code .npz}. The expected headers and files were produced by
 * {@code numpy.save} (NumPy 2.4) and are written out here.
 */
class NumpyArraysTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "shape {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "2,3     | `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`",
        "5       | `{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }`",
        "``      | `{'descr': '<f4', 'fortran_order': False, 'shape': (), }`",
        "0,4     | `{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4), }`",
        "1234567 | `{'descr': '<f4', 'fortran_order': False, 'shape': (1234567,), }`"})
    void headerIsByteIdenticalToNumpySave(String shape, String dict) {
        int[] dims = shape.isEmpty() ? new int[0] : java.util.Arrays.stream(shape.split(","))
                .mapToInt(Integer::parseInt).toArray();
        // numpy.save: the dict, spare space for the first axis, padding so the data starts at byte 128
        int spare = dims.length == 0 ? 0 : 21 - Integer.toString(dims[0]).length();
        String text = dict + " ".repeat(spare);
        text = text + " ".repeat(117 - text.length()) + "\n";

        byte[] header = NumpyArrays.header(dims);

        assertThat(header).hasSize(128);
        assertThat(java.util.Arrays.copyOf(header, 10)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0);
        assertThat(new String(header, 10, 118, StandardCharsets.US_ASCII)).isEqualTo(text);
    }

    @Test
    void writtenFileIsByteIdenticalToNumpySave() throws IOException {
        // np.save(f, np.array([[1.5, -2, 0.25], [3, 0, -0.125]], dtype='<f4'))
        String numpy = "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73"
                + "652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020"
                + "202020202020202020202020202020202020202020202020202020202020200a0000c03f000000c00000803e00004040"
                + "00000000000000be";
        Path file = dir.resolve("w.npy");

        NumpyArrays.writeNpy(file, new TensorData(new int[] {2, 3}, new float[] {1.5f, -2, 0.25f, 3, 0, -0.125f}));

        assertThat(HexFormat.of().formatHex(Files.readAllBytes(file))).isEqualTo(numpy);
    }

    @Test
    void roundTripKeepsShapeAndBits() throws IOException {
        for (TensorData tensor : new TensorData[] {
            new TensorData(new int[] {3, 1, 2}, new float[] {1, Float.NaN, -0f, Float.MIN_VALUE, 1e30f, -7}),
            new TensorData(new int[0], new float[] {42}),
            new TensorData(new int[] {0, 3}, new float[0])}) {
            Path file = Files.createTempFile(dir, "a", ".npy");

            NumpyArrays.writeNpy(file, tensor);

            assertThat(NumpyArrays.readNpy(file)).isEqualTo(tensor);
        }
    }

    @Test
    void readsBigEndianDoublesInFortranOrderAsCOrderFloats() throws IOException {
        // np.save(f, np.asfortranarray(np.array([[1, 2, 3], [4, 5, 6]], dtype='>f8')))
        Path file = npy(1, "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }",
                HexFormat.of().parseHex("3ff0000000000000401000000000000040000000000000004014000000000000"
                        + "40080000000000004018000000000000"));

        assertThat(NumpyArrays.readNpy(file)).isEqualTo(new TensorData(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    }

    @Test
    void readsHalfPrecision() throws IOException {
        // np.save(f, np.array([1, -0.5, 65504, 6e-8], dtype='<f2'))
        Path file = npy(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (4,), }",
                HexFormat.of().parseHex("003c00b8ff7b0100"));

        assertThat(NumpyArrays.readNpy(file).values()).containsExactly(1f, -0.5f, 65504f, 5.9604645e-8f);
    }

    @Test
    void readsVersionTwoHeadersAndPythonTwoLongs() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2);
        Path file = npy(2, "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L, 1L)}", data.array());

        assertThat(NumpyArrays.readNpy(file)).isEqualTo(new TensorData(new int[] {2, 1}, new float[] {1, 2}));
    }

    @Test
    void npzRoundTripKeepsEveryArrayByName() throws IOException {
        Map<String, TensorData> arrays = Map.of(
                "0.weight", new TensorData(new int[] {2, 2}, new float[] {1, 2, 3, 4}),
                "0.bias", new TensorData(new int[] {2}, new float[] {-1, 1}));
        Path file = dir.resolve("w.npz");

        NumpyArrays.writeNpz(file, arrays);

        assertThat(NumpyArrays.readNpz(file)).isEqualTo(arrays);
        Path again = dir.resolve("again.npz");
        NumpyArrays.writeNpz(again, arrays);
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void readsAnNpzOfStoredMembersAsNumpySavezWritesIt() throws IOException {
        byte[] member = NumpyArrays.toBytes(new TensorData(new int[] {3}, new float[] {0.5f, 1.5f, 2.5f}));
        Path file = dir.resolve("savez.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            ZipEntry entry = new ZipEntry("layer.0.weight.npy");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(member.length);
            CRC32 crc = new CRC32();
            crc.update(member);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(member);
            zip.closeEntry();
        }

        assertThat(NumpyArrays.readNpz(file)).containsOnlyKeys("layer.0.weight");
        assertThat(NumpyArrays.readNpz(file).get("layer.0.weight").values()).containsExactly(0.5f, 1.5f, 2.5f);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), } | bad .npy header: unsupported dtype '<i8'; supported: float16, float32, float64 ('f2', 'f4', 'f8')",
        "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), } | bad .npy header: unsupported dtype '<c8'; supported: float16, float32, float64 ('f2', 'f4', 'f8')",
        "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), } | bad .npy header: unsupported dtype: structured arrays are not supported at character 11",
        "{'descr': '<f4', 'shape': (2,), }                          | bad .npy header: keys must be descr, fortran_order and shape, got descr, shape",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2), }   | bad .npy header: a one-element shape needs a trailing comma, as in (3,) at character 54",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), } | bad .npy header: expected a non-negative integer in the shape at character 52",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }      | bad .npy header: expected a string, a tuple, True or False at character 35",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }  | shape [3] of <f4 needs 12 bytes of data, the file has 8"})
    void malformedNpyFilesAreRejectedNamingTheFile(String header, String message) throws IOException {
        Path file = npy(1, header, new byte[8]);

        assertThatThrownBy(() -> NumpyArrays.readNpy(file)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(file + ": " + message);
    }

    @Test
    void filesWithoutTheMagicOrOfAnotherVersionAreRejected() throws IOException {
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "not numpy");
        Path future = dir.resolve("future.npy");
        Files.write(future, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 4, 0, 0, 0});
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(NumpyArrays.header(new int[] {2}), 60));

        assertThatThrownBy(() -> NumpyArrays.readNpy(text)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(text + ": not an .npy file (no \\x93NUMPY magic)");
        assertThatThrownBy(() -> NumpyArrays.readNpy(future)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(future + ": unsupported .npy version 4.0");
        assertThatThrownBy(() -> NumpyArrays.readNpy(cut)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(cut + ": header length 118 exceeds the 50 bytes that follow it (truncated file?)");
    }

    @Test
    void npzFilesThatAreNotZipsOrHoldOtherMembersAreRejected() throws IOException {
        Path text = dir.resolve("text.npz");
        Files.writeString(text, "not a zip");
        Path other = dir.resolve("other.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(other))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }

        assertThatThrownBy(() -> NumpyArrays.readNpz(text)).isInstanceOf(TensorFileFormatException.class)
                .hasMessageStartingWith(text + ": not an .npz (zip) file: ");
        assertThatThrownBy(() -> NumpyArrays.readNpz(other)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(other + ": member 'readme.txt' is not an .npy array");
    }

    @Test
    void aBadMemberOfAnNpzIsNamed() throws IOException {
        Path file = dir.resolve("bad.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("w.npy"));
            zip.write("garbage".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }

        assertThatThrownBy(() -> NumpyArrays.readNpz(file)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(file + " member 'w.npy': not an .npy file (no \\x93NUMPY magic)");
    }

    @Test
    void anNpzMemberWhoseHeaderAnnouncesTwoGigabytesIsRefusedBeforeInflating() throws IOException {
        byte[] header = Files.readAllBytes(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (536870912,), }",
                new byte[16]));
        Path file = npz("huge.npz", "w.npy", header, 0);

        assertThatThrownBy(() -> NumpyArrays.readNpz(file)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(file + " member 'w.npy': its .npy header announces 2147483776 bytes, more than the "
                        + "limit of 1073741824 bytes per member");
    }

    @Test
    void anNpzMemberThatInflatesBeyondItsHeaderIsRefusedAfterOneByteMore() throws IOException {
        byte[] member = NumpyArrays.toBytes(new TensorData(new int[] {3}, new float[] {1, 2, 3}));
        // 64 MiB of zeros behind a 3-element array: a bomb stops at byte member.length + 1, whatever its size
        Path file = npz("bomb.npz", "w.npy", member, 64 << 20);

        assertThatThrownBy(() -> NumpyArrays.readNpz(file)).isInstanceOf(TensorFileFormatException.class)
                .hasMessage(file + " member 'w.npy': inflates to more than the " + member.length
                        + " bytes its .npy header announces (a damaged or hostile archive)");
    }

    @Test
    void theMemberBoundIsTheCallersToChoose() throws IOException {
        byte[] member = NumpyArrays.toBytes(new TensorData(new int[] {100}, new float[100]));
        Path file = npz("w.npz", "w.npy", member, 0);

        assertThat(NumpyArrays.readNpz(file, member.length)).containsOnlyKeys("w");
        assertThatThrownBy(() -> NumpyArrays.readNpz(file, member.length - 1))
                .isInstanceOf(TensorFileFormatException.class)
                .hasMessage(file + " member 'w.npy': its .npy header announces " + member.length
                        + " bytes, more than the limit of " + (member.length - 1) + " bytes per member");
    }

    /** An {@code .npz} with one deflated member: {@code bytes}, then {@code zeros} zero bytes. */
    private Path npz(String name, String member, byte[] bytes, int zeros) throws IOException {
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(member));
            zip.write(bytes);
            byte[] block = new byte[1 << 20];
            for (int written = 0; written < zeros; written += block.length) {
                zip.write(block, 0, Math.min(block.length, zeros - written));
            }
            zip.closeEntry();
        }
        return file;
    }

    /** An {@code .npy} file of the given version with a header text (padded as NumPy pads it) and data. */
    private Path npy(int major, String dict, byte[] data) throws IOException {
        int lengthBytes = major == 1 ? 2 : 4;
        String text = dict + " ".repeat(64 - (8 + lengthBytes + dict.length() + 1) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer length = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            length.putShort((short) text.length());
        } else {
            length.putInt(text.length());
        }
        out.write(length.array());
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        Path file = Files.createTempFile(dir, "a", ".npy");
        Files.write(file, out.toByteArray());
        return file;
    }
}

package org.initlab.tensorformats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy's {@code .npy} and {@code .npz} files (the
 * <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">NPY format</a>).
 *
 * <p>An {@code .npy} file is the magic {@code \x93NUMPY}, a version byte pair, the header length
 * (little-endian {@code uint16} in version 1.0, {@code uint32} in 2.0 and 3.0), an ASCII header that is a
 * Python dict literal such as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with
 * spaces and a newline so the data starts at a multiple of 64 bytes, then the elements. An {@code .npz} file
 * is a zip archive of {@code .npy} members ({@code np.savez} stores them, {@code np.savez_compressed}
 * deflates them); member {@code 0.weight.npy} is the array named {@code 0.weight}.
 *
 * <p>Reading accepts versions 1.0, 2.0 and 3.0, the float dtypes {@code f2}, {@code f4} and {@code f8} in
 * either byte order ({@code <}, {@code >}, {@code =} and {@code |} read as little-endian), C or Fortran
 * order (Fortran arrays are returned in C order), and converts to {@code float}. Other dtypes, object arrays
 * (pickles) and malformed headers are rejected with a {@link TensorFileFormatException}.
 *
 * <p>Writing produces exactly what {@code numpy.save} (NumPy 1.24 and later) writes for a C-contiguous
 * {@code float32} array: version 1.0, {@code '<f4'}, the header's spare space for growing the first axis
 * ({@code 21 - len(repr(shape[0]))} spaces), padding to 64 bytes.
 */
public final class NumpyArrays {
    /**
     * The most bytes one {@code .npy} file or {@code .npz} member may hold (1 GiB, 256 M floats): readers
     * refuse bigger ones with one line before allocating them.
     */
    public static final long MAX_MEMBER_BYTES = 1L << 30;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    /** NumPy's {@code GROWTH_AXIS_MAX_DIGITS}: spare header space so the first axis can grow in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final String NPY = ".npy";
    /** Member timestamp, so equal arrays give equal .npz bytes. */
    private static final java.time.LocalDateTime FIXED_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0);

    private NumpyArrays() {
    }

    /**
     * Reads an {@code .npy} file.
     *
     * @param file the file
     * @return the array, in C order, as {@code float}
     * @throws TensorFileFormatException if the file is not a valid {@code .npy} file of a float dtype
     * @throws IOException               if the file cannot be read
     */
    public static TensorData readNpy(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_MEMBER_BYTES) {
            throw new TensorFileFormatException(file + ": " + size + " bytes, more than the limit of "
                    + MAX_MEMBER_BYTES + " bytes for an .npy file");
        }
        return parseNpy(Files.readAllBytes(file), file.toString());
    }

    /**
     * Reads every array of an {@code .npz} file.
     *
     * @param file the file
     * @return the arrays by name (member name without {@code .npy}), sorted, unmodifiable
     * @throws TensorFileFormatException if the file is not a zip of valid {@code .npy} members of float dtypes
     * @throws IOException               if the file cannot be read
     */
    public static Map<String, TensorData> readNpz(Path file) throws IOException {
        return readNpz(file, MAX_MEMBER_BYTES);
    }

    /**
     * Reads every array of an {@code .npz} file, each member bounded by {@code maxMemberBytes}: a member whose
     * {@code .npy} header announces more, or that inflates to more than its header announces, is refused
     * before the excess is inflated.
     *
     * @param file           the file
     * @param maxMemberBytes the most bytes one inflated member may hold
     * @return the arrays by name (member name without {@code .npy}), sorted, unmodifiable
     * @throws TensorFileFormatException as {@link #readNpz(Path)}, and for a member over the bound
     * @throws IOException               if the file cannot be read
     */
    public static Map<String, TensorData> readNpz(Path file, long maxMemberBytes) throws IOException {
        Map<String, TensorData> arrays = new TreeMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new TensorFileFormatException(file + ": not an .npz (zip) file: " + e.getMessage());
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String member = entry.getName();
                if (!member.endsWith(NPY)) {
                    throw new TensorFileFormatException(file + ": member '" + member + "' is not an .npy array");
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = NpzMember.read(in, file + " member '" + member + "'", maxMemberBytes);
                } catch (ZipException e) {
                    throw new TensorFileFormatException(file + ": member '" + member + "' is corrupt: "
                            + e.getMessage());
                }
                String name = member.substring(0, member.length() - NPY.length());
                arrays.put(name, parseNpy(bytes, file + " member '" + member + "'"));
            }
        }
        return Collections.unmodifiableMap(arrays);
    }

    /**
     * Writes an {@code .npy} file: version 1.0, {@code '<f4'}, C order, byte-identical to {@code numpy.save}
     * of the same {@code float32} array.
     *
     * @param file   the file, created or replaced
     * @param tensor the array
     * @throws IOException if the file cannot be written
     */
    public static void writeNpy(Path file, TensorData tensor) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            writeNpy(out, tensor);
        }
    }

    /**
     * Writes an {@code .npz} file as {@code np.savez} does (one deflated {@code .npy} member per array,
     * {@code name.npy}, in name order).
     *
     * @param file   the file, created or replaced
     * @param arrays the arrays by name; names must be non-empty
     * @throws IllegalArgumentException for an empty name
     * @throws IOException              if the file cannot be written
     */
    public static void writeNpz(Path file, Map<String, TensorData> arrays) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, TensorData> e : new TreeMap<>(arrays).entrySet()) {
                if (e.getKey().isEmpty()) {
                    throw new IllegalArgumentException("an .npz array cannot have an empty name");
                }
                ZipEntry entry = new ZipEntry(e.getKey() + NPY);
                entry.setTimeLocal(FIXED_TIME);
                zip.putNextEntry(entry);
                writeNpy(zip, e.getValue());
                zip.closeEntry();
            }
        }
    }

    /** The NPY version 1.0 header of a C-order {@code float32} array, padded to 64 bytes. */
    static byte[] header(int[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': ")
                .append(pythonTuple(shape)).append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        }
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        dict.append(" ".repeat(ALIGNMENT - unpadded % ALIGNMENT)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return out.array();
    }

    private static void writeNpy(OutputStream out, TensorData tensor) throws IOException {
        out.write(header(tensor.shape()));
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < tensor.elementCount(); i++) {
            if (chunk.remaining() < 4) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            chunk.putFloat(tensor.value(i));
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    private static String pythonTuple(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** Parses a whole {@code .npy} file held in memory; {@code source} names it in messages. */
    static TensorData parseNpy(byte[] bytes, String source) throws TensorFileFormatException {
        if (bytes.length < MAGIC.length + 2 || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0,
                MAGIC.length)) {
            throw new TensorFileFormatException(source + ": not an .npy file (no \\x93NUMPY magic)");
        }
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw new TensorFileFormatException(source + ": unsupported .npy version " + major + "." + minor);
        }
        int lengthBytes = major == 1 ? 2 : 4;
        int headerStart = 8 + lengthBytes;
        if (bytes.length < headerStart) {
            throw new TensorFileFormatException(source + ": truncated .npy header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? buffer.getShort(8) & 0xffff : buffer.getInt(8) & 0xffffffffL;
        if (headerLength > bytes.length - headerStart) {
            throw new TensorFileFormatException(source + ": header length " + headerLength + " exceeds the "
                    + (bytes.length - headerStart) + " bytes that follow it (truncated file?)");
        }
        String text = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header;
        try {
            header = NpyHeader.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TensorFileFormatException(source + ": bad .npy header: " + e.getMessage());
        }
        int itemSize = header.itemSize();
        long count = header.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new TensorFileFormatException(source + ": too many elements (" + count + ")");
        }
        int dataStart = headerStart + (int) headerLength;
        long needed = count * itemSize;
        if (bytes.length - dataStart != needed) {
            throw new TensorFileFormatException(source + ": shape " + java.util.Arrays.toString(header.shape())
                    + " of " + header.descr() + " needs " + needed + " bytes of data, the file has "
                    + (bytes.length - dataStart));
        }
        buffer.order(header.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        float[] stored = new float[(int) count];
        for (int i = 0; i < stored.length; i++) {
            int at = dataStart + i * itemSize;
            stored[i] = switch (itemSize) {
                case 2 -> HalfFloats.fromFloat16(buffer.getShort(at));
                case 4 -> buffer.getFloat(at);
                default -> (float) buffer.getDouble(at);
            };
        }
        int[] shape = header.shape();
        return new TensorData(shape, header.fortranOrder() ? fortranToC(stored, shape) : stored);
    }

    /** Reorders column-major (first index fastest) elements to row-major. */
    private static float[] fortranToC(float[] fortran, int[] shape) {
        float[] c = new float[fortran.length];
        int[] index = new int[shape.length];
        for (int flat = 0; flat < c.length; flat++) {
            int f = 0;
            for (int d = shape.length - 1; d >= 0; d--) {
                f = f * shape[d] + index[d];
            }
            c[flat] = fortran[f];
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return c;
    }

    /** The bytes {@link #writeNpy(Path, TensorData)} writes, in memory (tests build {@code .npz} members from it). */
    static byte[] toBytes(TensorData tensor) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeNpy(out, tensor);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }
}

package org.initlab.tensorformats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format, the one
 * {@code safetensors.torch.save_file} and Hugging Face checkpoints use:
 * <pre>8 bytes   N, unsigned little-endian: the header length
 * N bytes   UTF-8 JSON object {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
 *           optional "__metadata__": {"key": "value", ...}}, possibly padded with spaces
 * rest      the data buffer; a tensor's bytes are [begin, end) of it, little-endian, row-major</pre>
 *
 * <p>Reading converts {@code F32}, {@code F16}, {@code BF16}, {@code F64} and {@code I64} to {@code float}
 * ({@code I64} exactly up to 2^24 in magnitude: meant for counters such as batch normalization's
 * {@code num_batches_tracked}; other dtypes are rejected) and checks the file as strictly as the reference implementation: a header that is one JSON
 * object no longer than 100,000,000 bytes, known fields of the right types, byte ranges that match
 * {@code shape x dtype size} and tile the data buffer exactly (no gaps, no overlaps, nothing after the last
 * tensor). Unknown fields of a tensor entry are ignored. Problems are reported as
 * {@link TensorFileFormatException} with the file and the tensor in the message.
 *
 * <p>Writing produces {@code F32} tensors (and {@code I64} ones, {@link Int64Tensor}) in name order, in the header and in the data buffer, with the
 * header padded with spaces to a multiple of 8 bytes as the reference writer does, so every tensor is
 * 8-byte aligned in the file.
 */
public final class Safetensors {
    /** The reference implementation's limit on the header length. */
    static final long MAX_HEADER_LENGTH = 100_000_000;
    private static final String METADATA = "__metadata__";
    private static final List<String> DTYPES = List.of("F32", "F16", "BF16", "F64", "I64");

    private Safetensors() {
    }

    /**
     * Reads every tensor of a safetensors file.
     *
     * @param file the file
     * @return the tensors by name, sorted by name, unmodifiable
     * @throws TensorFileFormatException if the file is not valid safetensors or holds an unsupported dtype
     * @throws IOException               if the file cannot be read
     */
    public static Map<String, TensorData> read(Path file) throws IOException {
        return parse(readFile(file), file.toString()).tensors;
    }

    /**
     * Reads the {@code __metadata__} of a safetensors file (the string map PyTorch writers use for
     * {@code {"format": "pt"}}); checks the whole file as {@link #read} does.
     *
     * @param file the file
     * @return the metadata, sorted by key, unmodifiable; empty when the file has none
     * @throws TensorFileFormatException if the file is not valid safetensors
     * @throws IOException               if the file cannot be read
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        return parse(readFile(file), file.toString()).metadata;
    }

    /**
     * Writes tensors as {@code F32} safetensors, without metadata.
     *
     * @param file    the file, created or replaced
     * @param tensors the tensors by name; names must be non-empty and not {@code __metadata__}
     * @throws IOException if the file cannot be written
     * @see #write(Path, Map, Map)
     */
    public static void write(Path file, Map<String, TensorData> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes tensors as {@code F32} safetensors: tensors sorted by name in the header and in the data, the
     * header padded with spaces to a multiple of 8 bytes, values little-endian.
     *
     * @param file     the file, created or replaced
     * @param tensors  the tensors by name; names must be non-empty and not {@code __metadata__}
     * @param metadata string pairs for {@code __metadata__} (for example the run seed and the initializer
     *                 spec); the entry is omitted when empty
     * @throws IllegalArgumentException for an empty or reserved tensor name
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata)
            throws IOException {
        write(file, tensors, Map.of(), metadata);
    }

    /**
     * Writes {@code F32} tensors and {@code I64} tensors (PyTorch's {@code torch.long} buffers such as
     * {@code num_batches_tracked}) as one safetensors file: every tensor sorted by name in the header and in the
     * data, the header padded with spaces to a multiple of 8 bytes, values little-endian. {@link #read} gives the
     * {@code I64} tensors back as {@code float}.
     *
     * @param file          the file, created or replaced
     * @param tensors       the {@code F32} tensors by name
     * @param int64Tensors  the {@code I64} tensors by name; no name may appear in both maps
     * @param metadata      string pairs for {@code __metadata__}; the entry is omitted when empty
     * @throws IllegalArgumentException for an empty, reserved or doubled tensor name
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path file, Map<String, TensorData> tensors, Map<String, Int64Tensor> int64Tensors,
                             Map<String, String> metadata) throws IOException {
        SafetensorsWriter.write(file, tensors, int64Tensors, metadata);
    }

    private static byte[] readFile(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw new TensorFileFormatException(file + ": " + size + " bytes is too large to load (at most 2 GiB)");
        }
        return Files.readAllBytes(file);
    }

    /** The parsed file. */
    record Parsed(Map<String, TensorData> tensors, Map<String, String> metadata) {
    }

    /** One tensor entry of the header. */
    private record Entry(String name, String dtype, int[] shape, long begin, long end) {
    }

    /** Parses a whole file held in memory; {@code source} names it in messages. */
    static Parsed parse(byte[] bytes, String source) throws TensorFileFormatException {
        if (bytes.length < 8) {
            throw new TensorFileFormatException(source + ": not a safetensors file: " + bytes.length
                    + " bytes, fewer than the 8 of the header length");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong(0);
        if (headerLength < 0 || headerLength > MAX_HEADER_LENGTH) {
            throw new TensorFileFormatException(source + ": header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the limit of " + MAX_HEADER_LENGTH + " bytes");
        }
        if (headerLength > bytes.length - 8) {
            throw new TensorFileFormatException(source + ": header length " + headerLength + " exceeds the "
                    + (bytes.length - 8) + " bytes that follow it (truncated file?)");
        }
        int dataStart = 8 + (int) headerLength;
        String json = decodeUtf8(bytes, 8, (int) headerLength, source);
        if (!json.startsWith("{")) {
            throw new TensorFileFormatException(source + ": header does not start with '{'");
        }
        Object root;
        try {
            root = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new TensorFileFormatException(source + ": bad JSON header: " + e.getMessage());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) root;
        Map<String, String> metadata = new TreeMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                metadata.putAll(metadata(e.getValue(), source));
            } else {
                entries.add(entry(e.getKey(), e.getValue(), source));
            }
        }
        long dataLength = bytes.length - (long) dataStart;
        checkLayout(entries, dataLength, source);
        Map<String, TensorData> tensors = new TreeMap<>();
        for (Entry entry : entries) {
            tensors.put(entry.name(), decode(entry, buffer, dataStart));
        }
        return new Parsed(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static String decodeUtf8(byte[] bytes, int offset, int length, String source)
            throws TensorFileFormatException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new TensorFileFormatException(source + ": header is not valid UTF-8");
        }
    }

    private static Map<String, String> metadata(Object value, String source) throws TensorFileFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new TensorFileFormatException(source + ": __metadata__ must be an object of strings");
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new TensorFileFormatException(source + ": __metadata__ value of '" + e.getKey()
                        + "' must be a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(String name, Object value, String source) throws TensorFileFormatException {
        String where = source + ": tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> fields)) {
            throw new TensorFileFormatException(where + " must be an object with dtype, shape and data_offsets");
        }
        if (!(fields.get("dtype") instanceof String dtype)) {
            throw new TensorFileFormatException(where + " needs a string dtype");
        }
        if (!DTYPES.contains(dtype)) {
            throw new TensorFileFormatException(where + " has dtype " + dtype + "; supported: "
                    + String.join(", ", DTYPES));
        }
        long[] shape = integers(fields.get("shape"), -1, where, "shape");
        long[] offsets = integers(fields.get("data_offsets"), 2, where, "data_offsets");
        int[] dims = new int[shape.length];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > Integer.MAX_VALUE) {
                throw new TensorFileFormatException(where + " has a dimension too large: " + shape[i]);
            }
            dims[i] = (int) shape[i];
            count = count * shape[i];
            if (count > Integer.MAX_VALUE) {
                throw new TensorFileFormatException(where + " has more than " + Integer.MAX_VALUE + " elements");
            }
        }
        if (offsets[0] > offsets[1]) {
            throw new TensorFileFormatException(where + " has data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] that end before they begin");
        }
        long bytes = count * SafetensorsDtypes.size(dtype);
        if (offsets[1] - offsets[0] != bytes) {
            throw new TensorFileFormatException(where + " has data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] spanning " + (offsets[1] - offsets[0]) + " bytes, but shape " + java.util.Arrays.toString(dims)
                    + " of " + dtype + " needs " + bytes);
        }
        return new Entry(name, dtype, dims, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers, of length {@code length} unless it is -1. */
    private static long[] integers(Object value, int length, String where, String field)
            throws TensorFileFormatException {
        String expected = length < 0 ? "an array of non-negative integers" : "an array of " + length
                + " non-negative integers";
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new TensorFileFormatException(where + " needs " + field + " as " + expected);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw new TensorFileFormatException(where + " needs " + field + " as " + expected + ", got "
                        + list.get(i));
            }
            out[i] = v;
        }
        return out;
    }

    /** The tensors must tile {@code [0, dataLength)} exactly, as the reference reader requires. */
    private static void checkLayout(List<Entry> entries, long dataLength, String source)
            throws TensorFileFormatException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : byOffset) {
            if (e.end() > dataLength) {
                throw new TensorFileFormatException(source + ": tensor '" + e.name() + "' has data_offsets ["
                        + e.begin() + ", " + e.end() + "] beyond the " + dataLength + " bytes of data");
            }
            if (e.begin() != expected) {
                throw new TensorFileFormatException(source + ": tensor '" + e.name() + "' starts at byte "
                        + e.begin() + " of the data, expected " + expected
                        + " (tensors must fill the data without gaps or overlaps)");
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw new TensorFileFormatException(source + ": " + (dataLength - expected)
                    + " bytes of data after the last tensor");
        }
    }

    private static TensorData decode(Entry entry, ByteBuffer buffer, int dataStart) {
        int count = (int) ((entry.end() - entry.begin()) / SafetensorsDtypes.size(entry.dtype()));
        return new TensorData(entry.shape(), SafetensorsDtypes.decode(entry.dtype(), buffer,
                dataStart + (int) entry.begin(), count));
    }
}

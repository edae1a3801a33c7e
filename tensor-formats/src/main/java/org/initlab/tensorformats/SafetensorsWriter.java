package org.initlab.tensorformats;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The writer behind {@link Safetensors#write(Path, Map, Map, Map)}: {@code F32} and {@code I64} tensors sorted by
 * name in the header and in the data, {@code __metadata__} first, the header padded with spaces to a multiple of
 * 8 bytes as the reference writer does, values little-endian.
 */
final class SafetensorsWriter {
    private static final String METADATA = "__metadata__";

    private SafetensorsWriter() {
    }

    static void write(Path file, Map<String, TensorData> floats, Map<String, Int64Tensor> longs,
                      Map<String, String> metadata) throws IOException {
        Map<String, Object> sorted = new TreeMap<>(floats);
        for (Map.Entry<String, Int64Tensor> e : longs.entrySet()) {
            if (sorted.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' is given both as F32 and as I64");
            }
        }
        StringBuilder header = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            header.append(Json.quote(METADATA)).append(":{");
            String separator = "";
            for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                header.append(separator).append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
                separator = ",";
            }
            header.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("a safetensors tensor cannot be named '" + name + "'");
            }
            boolean int64 = e.getValue() instanceof Int64Tensor;
            int[] shape = int64 ? ((Int64Tensor) e.getValue()).shape() : ((TensorData) e.getValue()).shape();
            long end = offset + (int64 ? 8L * ((Int64Tensor) e.getValue()).values().length
                    : 4L * ((TensorData) e.getValue()).elementCount());
            if (header.length() > 1) {
                header.append(',');
            }
            header.append(Json.quote(name)).append(":{\"dtype\":\"").append(int64 ? "I64" : "F32")
                    .append("\",\"shape\":[");
            for (int i = 0; i < shape.length; i++) {
                header.append(i == 0 ? "" : ",").append(shape[i]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(prefix.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Object tensor : sorted.values()) {
                if (tensor instanceof Int64Tensor longTensor) {
                    for (long v : longTensor.values()) {
                        flushIfFull(out, chunk, 8);
                        chunk.putLong(v);
                    }
                } else {
                    TensorData floatTensor = (TensorData) tensor;
                    for (int i = 0; i < floatTensor.elementCount(); i++) {
                        flushIfFull(out, chunk, 4);
                        chunk.putFloat(floatTensor.value(i));
                    }
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        }
    }

    private static void flushIfFull(OutputStream out, ByteBuffer chunk, int needed) throws IOException {
        if (chunk.remaining() < needed) {
            out.write(chunk.array(), 0, chunk.position());
            chunk.clear();
        }
    }
}

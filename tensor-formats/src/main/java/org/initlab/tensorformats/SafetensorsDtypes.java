package org.initlab.tensorformats;

import java.nio.ByteBuffer;

/**
 * The safetensors dtypes initlab reads ({@code F32}, {@code F64}, {@code F16}, {@code BF16}, and {@code I64} for
 * PyTorch's integer buffers), decoded to float.
 */
final class SafetensorsDtypes {
    private SafetensorsDtypes() {
    }

    /** @return the bytes per element of a supported dtype */
    static int size(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32" -> 4;
            default -> 2;
        };
    }

    /**
     * @param dtype  a supported dtype
     * @param buffer the file's bytes, little-endian
     * @param base   the offset of the first element
     * @param count  the number of elements
     * @return the elements as float
     */
    static float[] decode(String dtype, ByteBuffer buffer, int base, int count) {
        float[] values = new float[count];
        switch (dtype) {
            case "F32" -> {
                for (int i = 0; i < count; i++) {
                    values[i] = buffer.getFloat(base + 4 * i);
                }
            }
            case "F64" -> {
                for (int i = 0; i < count; i++) {
                    values[i] = (float) buffer.getDouble(base + 8 * i);
                }
            }
            case "F16" -> {
                for (int i = 0; i < count; i++) {
                    values[i] = HalfFloats.fromFloat16(buffer.getShort(base + 2 * i));
                }
            }
            case "BF16" -> {
                for (int i = 0; i < count; i++) {
                    values[i] = HalfFloats.fromBfloat16(buffer.getShort(base + 2 * i));
                }
            }
            case "I64" -> {
                for (int i = 0; i < count; i++) {
                    values[i] = buffer.getLong(base + 8 * i);
                }
            }
            default -> throw new AssertionError(dtype);
        }
        return values;
    }
}

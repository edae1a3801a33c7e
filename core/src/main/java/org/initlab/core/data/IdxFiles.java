package org.initlab.core.data;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Reads image/label pairs in the IDX format of the MNIST distribution (also used by Fashion-MNIST, KMNIST and
 * EMNIST): big-endian, a 4-byte magic number {@code 0x0000TTDD} (data type {@code TT}, dimension count
 * {@code DD}), one 4-byte size per dimension, then the data.
 *
 * <ul>
 *   <li>an image file has magic {@code 0x00000803} (unsigned bytes, 3 dimensions: count, rows, columns);</li>
 *   <li>a label file has magic {@code 0x00000801} (unsigned bytes, 1 dimension: count).</li>
 * </ul>
 *
 * <p>Files may be gzip-compressed or raw; compression is recognised by the gzip magic bytes {@code 1f 8b}, not
 * by the file name. Everything is checked: magic number, data type, dimension count, sizes, truncation,
 * trailing bytes, label range and that both files hold the same number of samples. Any problem is an
 * {@link InvalidDataException} naming the file. Pixels are scaled to {@code [0, 1]} as {@code byte / 255f}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class IdxFiles {
    /** Magic number of an IDX file of unsigned-byte images: data type {@code 0x08}, 3 dimensions. */
    public static final int IMAGE_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned-byte labels: data type {@code 0x08}, 1 dimension. */
    public static final int LABEL_MAGIC = 0x00000801;
    /** The number of classes of MNIST and its look-alikes (Fashion-MNIST, KMNIST): 10. */
    public static final int DEFAULT_CLASS_COUNT = 10;

    private static final String IMAGE_KIND = "IDX unsigned-byte 3-D images";
    private static final String LABEL_KIND = "IDX unsigned-byte 1-D labels";
    private static final int UNSIGNED_BYTE = 0x08;
    /** The largest array the JVM reliably allocates. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    /** Read size, and the first buffer size when the content length is unknown. */
    private static final int CHUNK = 1 << 16;

    /** {@code byte & 0xff -> byte / 255f}. */
    private static final float[] SCALE = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            SCALE[b] = b / 255f;
        }
    }

    private IdxFiles() {
    }

    /**
     * Loads an image file and its label file as a dataset with 10 classes and feature shape
     * {@code [1, rows, columns]}.
     *
     * @param images the IDX image file ({@code 0x00000803}), gzipped or raw
     * @param labels the IDX label file ({@code 0x00000801}), gzipped or raw, with labels in {@code 0..9}
     * @param name   the non-blank dataset name
     * @return the dataset, pixels scaled to {@code [0, 1]}
     * @throws InvalidDataException if a file is missing, unreadable or invalid, or the files disagree
     */
    public static Dataset load(Path images, Path labels, String name) {
        return load(images, labels, name, DEFAULT_CLASS_COUNT);
    }

    /**
     * Loads an image file and its label file as a dataset with the given number of classes and feature shape
     * {@code [1, rows, columns]}.
     *
     * @param images     the IDX image file ({@code 0x00000803}), gzipped or raw
     * @param labels     the IDX label file ({@code 0x00000801}), gzipped or raw
     * @param name       the non-blank dataset name
     * @param classCount the number of classes, {@code 1..256}; every label must be below it
     * @return the dataset, pixels scaled to {@code [0, 1]}
     * @throws InvalidDataException     if a file is missing, unreadable or invalid, or the files disagree
     * @throws IllegalArgumentException if the name is blank or the class count is out of range
     */
    public static Dataset load(Path images, Path labels, String name, int classCount) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        return load(ByteSource.of(images), ByteSource.of(labels), name, classCount);
    }

    static Dataset load(ByteSource images, ByteSource labels, String name, int classCount) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank");
        }
        if (classCount < 1 || classCount > 256) {
            throw new IllegalArgumentException("class count for IDX unsigned-byte labels must be 1..256, got "
                    + classCount);
        }
        ImageBlock block = readImages(images);
        int[] y = readLabels(labels, classCount);
        if (block.count() != y.length) {
            throw new InvalidDataException(images.name(), block.count() + " images but " + y.length
                    + " labels in " + labels.name());
        }
        return new Dataset(name, block.pixels(), y, List.of(1, block.rows(), block.columns()), classCount);
    }

    /** Images read from one IDX file: {@code count} images of {@code rows x columns} pixels in {@code [0, 1]}. */
    record ImageBlock(int count, int rows, int columns, float[] pixels) {
    }

    static ImageBlock readImages(ByteSource source) {
        try (ByteSource.Decoded in = source.openDecoded()) {
            byte[] header = readUpTo(in, 16);
            checkMagic(source, header, IMAGE_MAGIC, IMAGE_KIND, 3);
            if (header.length < 16) {
                throw new InvalidDataException(source.name(), "truncated: header ends after " + header.length
                        + " of 16 bytes");
            }
            long count = unsignedInt(header, 4);
            long rows = unsignedInt(header, 8);
            long columns = unsignedInt(header, 12);
            if (rows == 0 || columns == 0) {
                throw new InvalidDataException(source.name(), "image size " + rows + " x " + columns
                        + " is empty");
            }
            // each size is below 2^32, so rows * columns fits a long, and so does count * (rows * columns)
            // once both factors are known to be below 2^31
            if (count > MAX_ELEMENTS || rows * columns > MAX_ELEMENTS || count * (rows * columns) > MAX_ELEMENTS) {
                throw new InvalidDataException(source.name(), count + " images of " + rows + " x " + columns
                        + " pixels are too many to load (more than " + MAX_ELEMENTS + " pixels)");
            }
            long total = count * rows * columns;
            float[] pixels = readPixels(in, total, in.maxBytes() - header.length);
            if (pixels.length < total) {
                throw new InvalidDataException(source.name(), "truncated: expected " + total
                        + " bytes of pixels, found " + pixels.length);
            }
            long extra = countRemaining(in);
            if (extra > 0) {
                throw new InvalidDataException(source.name(), "trailing garbage: " + extra + " bytes after the "
                        + total + " bytes of pixels");
            }
            return new ImageBlock((int) count, (int) rows, (int) columns, pixels);
        } catch (IOException e) {
            throw source.readFailure(e);
        }
    }

    static int[] readLabels(ByteSource source, int classCount) {
        try (InputStream in = source.openDecoded()) {
            byte[] header = readUpTo(in, 8);
            checkMagic(source, header, LABEL_MAGIC, LABEL_KIND, 1);
            if (header.length < 8) {
                throw new InvalidDataException(source.name(), "truncated: header ends after " + header.length
                        + " of 8 bytes");
            }
            long count = unsignedInt(header, 4);
            if (count > MAX_ELEMENTS) {
                throw new InvalidDataException(source.name(), count + " labels are too many to load");
            }
            byte[] bytes = readUpTo(in, count);
            if (bytes.length < count) {
                throw new InvalidDataException(source.name(), "truncated: expected " + count + " labels, found "
                        + bytes.length);
            }
            long extra = countRemaining(in);
            if (extra > 0) {
                throw new InvalidDataException(source.name(), "trailing garbage: " + extra + " bytes after the "
                        + count + " labels");
            }
            int[] labels = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                int label = bytes[i] & 0xff;
                if (label >= classCount) {
                    throw new InvalidDataException(source.name(), "label " + label + " at index " + i
                            + " is outside 0.." + (classCount - 1));
                }
                labels[i] = label;
            }
            return labels;
        } catch (IOException e) {
            throw source.readFailure(e);
        }
    }

    private static void checkMagic(ByteSource source, byte[] header, int expected, String kind, int dimensions) {
        if (header.length < 4) {
            throw new InvalidDataException(source.name(), "truncated: " + header.length
                    + " bytes is too short for an IDX header, expected " + kind);
        }
        int magic = (int) unsignedInt(header, 0);
        if (magic == expected) {
            return;
        }
        String problem = String.format("wrong magic number 0x%08X, expected 0x%08X (%s)", magic, expected, kind);
        int type = (magic >>> 8) & 0xff;
        int dims = magic & 0xff;
        String hint;
        if ((magic >>> 16) != 0) {
            hint = "not an IDX file";
        } else if (type != UNSIGNED_BYTE) {
            String typeName = typeName(type);
            hint = typeName.isEmpty()
                    ? String.format("0x%02X is not an IDX data type", type)
                    : String.format("data type 0x%02X (%s) is not supported, only 0x08 (unsigned byte)", type, typeName);
        } else if (magic == LABEL_MAGIC || magic == IMAGE_MAGIC) {
            hint = "this is an IDX " + (magic == LABEL_MAGIC ? "label" : "image")
                    + " file; are the image and label files swapped?";
        } else {
            hint = "the file has " + dims + " dimensions, expected " + dimensions;
        }
        throw new InvalidDataException(source.name(), problem + "; " + hint);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "16-bit integer";
            case 0x0C -> "32-bit integer";
            case 0x0D -> "32-bit float";
            case 0x0E -> "64-bit float";
            default -> "";
        };
    }

    private static long unsignedInt(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
    }

    /**
     * Reads up to {@code expected} pixel bytes, scaling each to {@code [0, 1]}. The array is allocated once at
     * full size when the source can hold that many bytes (so a complete file costs one allocation and no
     * intermediate byte array), and grown as data arrives otherwise, so a header that lies about its size costs
     * no more memory than the data that is really there.
     *
     * @return the pixels read, fewer than {@code expected} if the stream ended early
     */
    private static float[] readPixels(InputStream in, long expected, long available) throws IOException {
        float[] pixels = new float[(int) Math.min(expected, Math.max(CHUNK, available))];
        byte[] chunk = new byte[CHUNK];
        int n = 0;
        while (n < expected) {
            int r = in.read(chunk, 0, (int) Math.min(CHUNK, expected - n));
            if (r < 0) {
                break;
            }
            if (n + r > pixels.length) {
                pixels = Arrays.copyOf(pixels, (int) Math.min(expected, Math.max(n + r, 2L * pixels.length)));
            }
            scale(chunk, r, pixels, n);
            n += r;
        }
        return n == pixels.length ? pixels : Arrays.copyOf(pixels, n);
    }

    /** The hot loop, kept small so that the JIT compiles it early. */
    private static void scale(byte[] source, int length, float[] destination, int offset) {
        for (int k = 0; k < length; k++) {
            destination[offset + k] = SCALE[source[k] & 0xff];
        }
    }

    /** Reads {@code expected} bytes, or fewer if the stream ends first; the result has the length read. */
    private static byte[] readUpTo(InputStream in, long expected) throws IOException {
        byte[] buffer = new byte[(int) Math.min(expected, CHUNK)];
        int n = 0;
        while (n < expected) {
            if (n == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(expected, 2L * buffer.length));
            }
            int r = in.read(buffer, n, buffer.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
    }

    private static long countRemaining(InputStream in) throws IOException {
        byte[] scratch = new byte[8192];
        long extra = 0;
        for (int r = in.read(scratch); r >= 0; r = in.read(scratch)) {
            extra += r;
        }
        return extra;
    }
}

package org.initlab.tensorformats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Inflates one {@code .npz} member without trusting the archive: the {@code .npy} prefix and header are read
 * first, the size they announce is checked against a limit before anything bigger is allocated, exactly that
 * many bytes are inflated, and a member that inflates to more than its header announces is refused (a zip
 * bomb stops after one byte more, whatever its real size).
 */
final class NpzMember {
    /** Magic (6), version (2) and the longest header-length field (4). */
    private static final int LONGEST_PREFIX = 12;

    private NpzMember() {
    }

    /**
     * Reads the member's bytes.
     *
     * @param in     the member's inflating stream
     * @param source the archive and member, for messages
     * @param limit  the most bytes the member may announce
     * @return the whole {@code .npy} bytes (malformed prefixes are returned as read, for
     *         {@link NumpyArrays#parseNpy} to report)
     * @throws TensorFileFormatException when the member announces more than {@code limit} bytes or inflates to
     *                                   more than it announces
     */
    static byte[] read(InputStream in, String source, long limit) throws IOException {
        byte[] prefix = in.readNBytes(10);
        if (prefix.length < 10 || prefix[0] != (byte) 0x93 || prefix[1] != 'N') {
            return prefix;
        }
        int major = prefix[6] & 0xff;
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        held.write(prefix);
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = ByteBuffer.wrap(prefix, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
            headerStart = 10;
        } else {
            byte[] rest = in.readNBytes(LONGEST_PREFIX - 10);
            held.write(rest);
            if (rest.length < 2) {
                return held.toByteArray();
            }
            byte[] all = held.toByteArray();
            headerLength = ByteBuffer.wrap(all, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            headerStart = LONGEST_PREFIX;
        }
        if (headerStart + headerLength > limit) {
            throw tooBig(source, headerStart + headerLength, "its header length", limit);
        }
        byte[] header = in.readNBytes((int) headerLength);
        held.write(header);
        if (header.length < headerLength) {
            return held.toByteArray();
        }
        long dataLength;
        try {
            NpyHeader parsed = NpyHeader.parse(new String(header,
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
            dataLength = Math.multiplyExact(parsed.elementCount(), (long) parsed.itemSize());
        } catch (IllegalArgumentException | ArithmeticException e) {
            return held.toByteArray();
        }
        long total = headerStart + headerLength + dataLength;
        if (total > limit) {
            throw tooBig(source, total, "its .npy header", limit);
        }
        held.write(in.readNBytes((int) dataLength));
        if (in.read() != -1) {
            throw new TensorFileFormatException(source + ": inflates to more than the " + total
                    + " bytes its .npy header announces (a damaged or hostile archive)");
        }
        return held.toByteArray();
    }

    private static TensorFileFormatException tooBig(String source, long announced, String by, long limit) {
        return new TensorFileFormatException(source + ": " + by + " announces " + announced
                + " bytes, more than the limit of " + limit + " bytes per member");
    }
}

package org.initlab.core.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Where the bytes of a data file come from (a path or a classpath resource) and the name to use for it in
 * messages. Opening detects gzip compression by the magic bytes {@code 1f 8b}, not by the file name.
 */
final class ByteSource {
    /** Opens the raw, possibly compressed stream. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * The content of a source, decompressed if needed, with an upper bound of its length so that a reader can
     * size its buffers without trusting a header that may lie.
     */
    static final class Decoded extends FilterInputStream {
        private final long maxBytes;

        Decoded(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        /** @return an upper bound of the decoded length in bytes, {@link Long#MAX_VALUE} when unknown */
        long maxBytes() {
            return maxBytes;
        }
    }

    private static final int BUFFER_SIZE = 1 << 16;
    /** DEFLATE cannot expand data by more than about 1032:1. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private final String name;
    private final Opener opener;
    private final Path path;

    private ByteSource(String name, Opener opener, Path path) {
        this.name = name;
        this.opener = opener;
        this.path = path;
    }

    static ByteSource of(Path path) {
        return new ByteSource(path.toString(), () -> Files.newInputStream(path), path);
    }

    static ByteSource classpath(Class<?> anchor, String resource) {
        return new ByteSource("classpath:" + resource, () -> {
            InputStream in = anchor.getResourceAsStream(resource);
            if (in == null) {
                throw new NoSuchFileException(resource);
            }
            return in;
        }, null);
    }

    /** @return the name used in messages: the path as given, or {@code classpath:<resource>} */
    String name() {
        return name;
    }

    /**
     * Opens the content, decompressing it if it starts with the gzip magic bytes.
     *
     * @return a buffered stream of the (decompressed) content with a bound of its length; the caller closes it
     * @throws InvalidDataException if the file is missing or cannot be read
     */
    Decoded openDecoded() {
        InputStream raw;
        try {
            raw = opener.open();
        } catch (NoSuchFileException e) {
            throw new InvalidDataException(name, "file not found", e);
        } catch (AccessDeniedException e) {
            throw new InvalidDataException(name, "permission denied", e);
        } catch (IOException e) {
            throw new InvalidDataException(name, "cannot open: " + e, e);
        }
        try {
            BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER_SIZE);
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            long stored = storedSize();
            if (b0 == 0x1f && b1 == 0x8b) {
                long max = stored < 0 || stored > Long.MAX_VALUE / MAX_DEFLATE_RATIO - 1024
                        ? Long.MAX_VALUE : stored * MAX_DEFLATE_RATIO + 1024;
                return new Decoded(new BufferedInputStream(new GZIPInputStream(buffered, BUFFER_SIZE), BUFFER_SIZE),
                        max);
            }
            return new Decoded(buffered, stored < 0 ? Long.MAX_VALUE : stored);
        } catch (IOException e) {
            closeQuietly(raw);
            throw readFailure(e);
        }
    }

    /** @return the size of the file as stored, or -1 when unknown */
    private long storedSize() {
        if (path == null) {
            return -1;
        }
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Turns an exception met while reading into an {@link InvalidDataException} for this source.
     *
     * @param e the exception
     * @return the exception to throw
     */
    InvalidDataException readFailure(IOException e) {
        if (e instanceof EOFException) {
            return new InvalidDataException(name, "truncated: compressed stream ends unexpectedly", e);
        }
        if (e instanceof ZipException) {
            return new InvalidDataException(name, "corrupt gzip data: " + e.getMessage(), e);
        }
        return new InvalidDataException(name, "cannot read: " + e, e);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing; the first error is the one to report
        }
    }
}

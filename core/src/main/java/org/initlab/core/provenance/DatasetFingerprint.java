package org.initlab.core.provenance;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.core.data.Dataset;

/**
 * A data set as a run used it: its role, name, size and a SHA-256 of its content.
 *
 * <p>The hash is of what training saw, not of a file, so the same digits read from IDX, CSV or the bundled
 * resources hash alike, and a {@code --train-limit} changes it: the feature shape (each dimension as a
 * big-endian int), then per sample its label (int) and its features ({@code float} bits, big-endian).
 *
 * @param role   {@code train} or {@code test}
 * @param name   the data set's name ({@code bundled-mnist/train}, a file path)
 * @param size   its number of samples
 * @param sha256 the content hash, 64 lower-case hex digits
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record DatasetFingerprint(String role, String name, int size, String sha256) {
    /** Validates the components. */
    public DatasetFingerprint {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
    }

    /**
     * @param role    {@code train} or {@code test}
     * @param dataset the data as used
     * @return its fingerprint
     */
    public static DatasetFingerprint of(String role, Dataset dataset) {
        return new DatasetFingerprint(role, dataset.name(), dataset.size(), sha256(dataset));
    }

    /**
     * @param dataset a data set
     * @return the SHA-256 of its content, as described above
     */
    public static String sha256(Dataset dataset) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        ByteBuffer header = ByteBuffer.allocate(4 * dataset.featureShape().size()).order(ByteOrder.BIG_ENDIAN);
        dataset.featureShape().forEach(header::putInt);
        digest.update(header.array());
        int features = dataset.featureCount();
        float[] row = new float[features];
        ByteBuffer sample = ByteBuffer.allocate(4 + 4 * features).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < dataset.size(); i++) {
            dataset.copyFeatures(i, row, 0);
            sample.clear();
            sample.putInt(dataset.label(i));
            for (float v : row) {
                sample.putInt(Float.floatToRawIntBits(v));
            }
            digest.update(sample.array());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** @return {@code <name>, <size> samples, sha256 <hash>} */
    @Override
    public String toString() {
        return name + ", " + size + " samples, sha256 " + sha256;
    }
}

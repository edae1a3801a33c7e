package org.initlab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.initlab.core.data.IdxTestFiles.append;
import static org.initlab.core.data.IdxTestFiles.gzip;
import static org.initlab.core.data.IdxTestFiles.images;
import static org.initlab.core.data.IdxTestFiles.labels;
import static org.initlab.core.data.IdxTestFiles.truncate;
import static org.initlab.core.data.IdxTestFiles.write;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {
    @TempDir
    Path dir;

    private Path imagesFile(byte[] content) {
        return write(dir.resolve("images-idx3-ubyte"), content);
    }

    private Path labelsFile(byte[] content) {
        return write(dir.resolve("labels-idx1-ubyte"), content);
    }

    @Test
    void rawFilesLoadWithShapeLabelsAndScaledPixels() {
        Dataset d = IdxFiles.load(imagesFile(images(3, 2, 4)), labelsFile(labels(7, 0, 9)), "tiny");

        assertThat(d.name()).isEqualTo("tiny");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.featureShape()).containsExactly(1, 2, 4);
        assertThat(d.featureCount()).isEqualTo(8);
        assertThat(d.classCount()).isEqualTo(10);
        assertThat(new int[] {d.label(0), d.label(1), d.label(2)}).containsExactly(7, 0, 9);
        assertThat(d.feature(0, 0)).isEqualTo(0f);
        assertThat(d.feature(1, 3)).isEqualTo(11 / 255f);
        assertThat(d.feature(2, 7)).isEqualTo(23 / 255f);
    }

    @Test
    void gzipFilesLoadTheSameAsRawOnes() {
        byte[] pixels = new byte[2 * 28 * 28];
        new Random(1).nextBytes(pixels);
        byte[] img = images(IdxFiles.IMAGE_MAGIC, 2, 28, 28, pixels);
        Dataset raw = IdxFiles.load(write(dir.resolve("a"), img), write(dir.resolve("b"), labels(3, 4)), "raw");
        Dataset gz = IdxFiles.load(write(dir.resolve("a.gz"), gzip(img)), write(dir.resolve("b.gz"), gzip(labels(3, 4))),
                "gz");

        float[] expected = new float[784];
        float[] actual = new float[784];
        for (int i = 0; i < 2; i++) {
            raw.copyFeatures(i, expected, 0);
            gz.copyFeatures(i, actual, 0);
            assertThat(actual).containsExactly(expected);
            assertThat(gz.label(i)).isEqualTo(raw.label(i));
        }
        assertThat(gz.feature(1, 5)).isEqualTo((pixels[784 + 5] & 0xff) / 255f);
        assertThat(gz.feature(0, 0)).isBetween(0f, 1f);
    }

    @Test
    void compressionIsDetectedByContentNotByFileName() {
        Path gzWithoutSuffix = write(dir.resolve("train-images-idx3-ubyte"), gzip(images(2, 3, 3)));
        Path rawWithGzSuffix = write(dir.resolve("train-labels-idx1-ubyte.gz"), labels(1, 2));

        Dataset d = IdxFiles.load(gzWithoutSuffix, rawWithGzSuffix, "mixed");

        assertThat(d.size()).isEqualTo(2);
        assertThat(d.feature(1, 0)).isEqualTo(9 / 255f);
    }

    @Test
    void labelFileGivenAsImagesIsReportedAsWrongMagicNumber() {
        Path img = write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(labels(1, 2)));
        Path lab = labelsFile(labels(1, 2));

        assertThatThrownBy(() -> IdxFiles.load(img, lab, "x"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(img + ": wrong magic number 0x00000801, expected 0x00000803 (IDX unsigned-byte 3-D images);"
                        + " this is an IDX label file; are the image and label files swapped?");
    }

    @Test
    void imageFileGivenAsLabelsIsReportedAsWrongMagicNumber() {
        Path img = imagesFile(images(1, 2, 2));
        Path lab = labelsFile(images(1, 2, 2));

        assertThatThrownBy(() -> IdxFiles.load(img, lab, "x"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith(lab + ": wrong magic number 0x00000803, expected 0x00000801"
                        + " (IDX unsigned-byte 1-D labels)");
    }

    @Test
    void nonIdxFileIsReportedAsWrongMagicNumber() {
        Path img = imagesFile("P5\n28 28\n255\n....".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1)), "x"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith(img + ": wrong magic number 0x50350A32")
                .hasMessageEndingWith("; not an IDX file");
    }

    @Test
    void floatImagesAreRejectedForTheirDataType() {
        Path img = imagesFile(images(0x00000D03, 1, 1, 1, new byte[4]));

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1)), "x"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(img + ": wrong magic number 0x00000D03, expected 0x00000803 (IDX unsigned-byte 3-D images);"
                        + " data type 0x0D (32-bit float) is not supported, only 0x08 (unsigned byte)");
    }

    @Test
    void unknownDataTypeByteIsRejected() {
        Path img = imagesFile(images(0x00000A03, 1, 1, 1, new byte[1]));

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1)), "x"))
                .hasMessageEndingWith("; 0x0A is not an IDX data type");
    }

    @Test
    void wrongDimensionCountIsRejected() {
        Path img = imagesFile(images(0x00000802, 1, 1, 1, new byte[1]));

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1)), "x"))
                .hasMessageEndingWith("; the file has 2 dimensions, expected 3");
    }

    @Test
    void truncatedImagesReportExpectedAndFoundPixelBytes() {
        Path img = imagesFile(truncate(images(2, 28, 28), 16 + 1000));

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1, 2)), "x"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(img + ": truncated: expected 1568 bytes of pixels, found 1000");
    }

    @Test
    void truncatedGzippedImagesReportExpectedAndFoundPixelBytes() {
        Path img = write(dir.resolve("i.gz"), gzip(truncate(images(2, 28, 28), 16 + 1000)));

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1, 2)), "x"))
                .hasMessage(img + ": truncated: expected 1568 bytes of pixels, found 1000");
    }

    @Test
    void cutOffGzipStreamIsReportedAsTruncated() {
        byte[] compressed = gzip(images(50, 28, 28));
        Path img = write(dir.resolve("i.gz"), truncate(compressed, compressed.length / 2));

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(new int[50])), "x"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith(img + ": truncated");
    }

    @Test
    void headerClaimingFarMoreImagesThanTheFileHoldsIsReportedWithoutAllocatingForThem() {
        byte[] lying = images(IdxFiles.IMAGE_MAGIC, 2_000_000, 28, 28, new byte[100]);  // 6 GB as floats
        Path raw = write(dir.resolve("raw"), lying);
        Path gz = write(dir.resolve("gz"), gzip(lying));

        for (Path img : List.of(raw, gz)) {
            assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1)), "x"))
                    .hasMessage(img + ": truncated: expected 1568000000 bytes of pixels, found 100");
        }
    }

    @Test
    void truncatedHeaderIsReported() {
        Path img = imagesFile(truncate(images(2, 28, 28), 10));

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1, 2)), "x"))
                .hasMessage(img + ": truncated: header ends after 10 of 16 bytes");
    }

    @Test
    void emptyFileIsReportedAsTruncated() {
        Path img = imagesFile(new byte[0]);

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1)), "x"))
                .hasMessageStartingWith(img + ": truncated: 0 bytes is too short for an IDX header");
    }

    @Test
    void truncatedLabelsReportExpectedAndFoundLabels() {
        Path lab = labelsFile(IdxTestFiles.labelsWithHeader(IdxFiles.LABEL_MAGIC, 3, 1, 2));

        assertThatThrownBy(() -> IdxFiles.load(imagesFile(images(3, 2, 2)), lab, "x"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(lab + ": truncated: expected 3 labels, found 2");
    }

    @Test
    void differentImageAndLabelCountsAreReported() {
        Path img = imagesFile(images(3, 2, 2));
        Path lab = labelsFile(labels(1, 2));

        assertThatThrownBy(() -> IdxFiles.load(img, lab, "x"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(img + ": 3 images but 2 labels in " + lab);
    }

    @Test
    void labelOutsideClassRangeIsReportedWithItsIndex() {
        Path lab = labelsFile(labels(0, 1, 2, 3, 4, 12, 6));

        assertThatThrownBy(() -> IdxFiles.load(imagesFile(images(7, 2, 2)), lab, "x"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(lab + ": label 12 at index 5 is outside 0..9");
    }

    @Test
    void labelEqualToTheClassCountIsOutOfRange() {
        Path lab = labelsFile(labels(9, 10));

        assertThatThrownBy(() -> IdxFiles.load(imagesFile(images(2, 2, 2)), lab, "x"))
                .hasMessage(lab + ": label 10 at index 1 is outside 0..9");
    }

    @Test
    void largerClassCountAcceptsLargerLabels() {
        Dataset d = IdxFiles.load(imagesFile(images(2, 2, 2)), labelsFile(labels(25, 3)), "letters", 26);

        assertThat(d.classCount()).isEqualTo(26);
        assertThat(d.label(0)).isEqualTo(25);
    }

    @Test
    void trailingBytesAfterPixelsAreRejected() {
        Path img = imagesFile(append(images(2, 2, 2), 5));

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1, 2)), "x"))
                .hasMessage(img + ": trailing garbage: 5 bytes after the 8 bytes of pixels");
    }

    @Test
    void trailingBytesAfterLabelsAreRejected() {
        Path lab = write(dir.resolve("l.gz"), gzip(append(labels(1, 2), 3)));

        assertThatThrownBy(() -> IdxFiles.load(imagesFile(images(2, 2, 2)), lab, "x"))
                .hasMessage(lab + ": trailing garbage: 3 bytes after the 2 labels");
    }

    @Test
    void emptyImageSizeIsRejected() {
        Path img = imagesFile(images(IdxFiles.IMAGE_MAGIC, 2, 0, 28, new byte[0]));

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1, 2)), "x"))
                .hasMessage(img + ": image size 0 x 28 is empty");
    }

    @Test
    void absurdHeaderSizesAreRejectedBeforeAllocating() {
        Path img = imagesFile(images(IdxFiles.IMAGE_MAGIC, -1, 28, 28, new byte[0]));

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1)), "x"))
                .hasMessageStartingWith(img + ": 4294967295 images of 28 x 28 pixels are too many to load");
    }

    @Test
    void missingFileIsReportedByItsPath() {
        Path img = dir.resolve("nope-idx3-ubyte.gz");

        assertThatThrownBy(() -> IdxFiles.load(img, labelsFile(labels(1)), "x"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(img + ": file not found");
    }

    @Test
    void sixtyThousandMnistSizedImagesLoadQuickly() {
        int n = 60_000;
        byte[] pixels = new byte[n * 784];
        new Random(7).nextBytes(pixels);
        for (int k = 0; k < pixels.length; k++) {
            if ((pixels[k] & 3) != 0) {
                pixels[k] = 0;  // MNIST-like sparsity, so gzip has something to do
            }
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
        }
        Path img = write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(IdxFiles.IMAGE_MAGIC, n, 28, 28, pixels), Deflater.BEST_SPEED));
        Path lab = write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(y)));
        IdxFiles.load(img, lab, "warm-up");

        long start = System.nanoTime();
        Dataset d = IdxFiles.load(img, lab, "big");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(d.size()).isEqualTo(n);
        assertThat(d.featureShape()).isEqualTo(List.of(1, 28, 28));
        assertThat(d.feature(n - 1, 783)).isEqualTo((pixels[pixels.length - 1] & 0xff) / 255f);
        assertThat(millis).as("load time in ms").isLessThan(2_000);
    }
}

package org.initlab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.initlab.core.data.IdxTestFiles.gzip;
import static org.initlab.core.data.IdxTestFiles.images;
import static org.initlab.core.data.IdxTestFiles.labels;
import static org.initlab.core.data.IdxTestFiles.write;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void findsStandardGzippedNamesForBothSplits() {
        Path dir = tmp.resolve("mnist");
        write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(3, 28, 28)));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(5, 0, 4)));
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(2, 28, 28)));
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(7, 2)));

        Dataset train = MnistDirectory.load(dir, Split.TRAIN);
        Dataset test = MnistDirectory.load(dir, Split.TEST);

        assertThat(train.name()).isEqualTo("mnist/train");
        assertThat(train.size()).isEqualTo(3);
        assertThat(train.label(0)).isEqualTo(5);
        assertThat(test.name()).isEqualTo("mnist/test");
        assertThat(test.size()).isEqualTo(2);
        assertThat(test.label(1)).isEqualTo(2);
    }

    @Test
    void findsTheVariantWithADotBeforeIdx() {
        Path dir = tmp.resolve("fashion");
        write(dir.resolve("train-images.idx3-ubyte"), images(2, 28, 28));
        write(dir.resolve("train-labels.idx1-ubyte"), labels(9, 8));

        MnistDirectory.SplitFiles files = MnistDirectory.locate(dir, Split.TRAIN);
        Dataset train = MnistDirectory.load(dir, Split.TRAIN);

        assertThat(files.images()).isEqualTo(dir.resolve("train-images.idx3-ubyte"));
        assertThat(files.labels()).isEqualTo(dir.resolve("train-labels.idx1-ubyte"));
        assertThat(train.size()).isEqualTo(2);
        assertThat(train.label(0)).isEqualTo(9);
    }

    @Test
    void prefersTheUncompressedStandardNameWhenSeveralExist() {
        Path dir = tmp.resolve("both");
        write(dir.resolve("t10k-images-idx3-ubyte"), images(1, 28, 28));
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(1, 28, 28)));
        write(dir.resolve("t10k-labels.idx1-ubyte.gz"), gzip(labels(1)));

        MnistDirectory.SplitFiles files = MnistDirectory.locate(dir, Split.TEST);

        assertThat(files.images().getFileName()).hasToString("t10k-images-idx3-ubyte");
        assertThat(files.labels().getFileName()).hasToString("t10k-labels.idx1-ubyte.gz");
    }

    @Test
    void missingFileIsReportedWithTheDirectoryAndTheAcceptedNames() {
        Path dir = tmp.resolve("half");
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(1, 28, 28)));

        assertThatThrownBy(() -> MnistDirectory.load(dir, Split.TEST))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(dir + ": no test labels file; expected one of t10k-labels-idx1-ubyte,"
                        + " t10k-labels-idx1-ubyte.gz, t10k-labels.idx1-ubyte, t10k-labels.idx1-ubyte.gz");
        assertThatThrownBy(() -> MnistDirectory.load(dir, Split.TRAIN))
                .hasMessageStartingWith(dir + ": no train images file; expected one of train-images-idx3-ubyte,");
    }

    @Test
    void missingDirectoryIsReported() {
        Path dir = tmp.resolve("absent");

        assertThatThrownBy(() -> MnistDirectory.load(dir, Split.TRAIN))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(dir + ": directory not found");
    }

    @Test
    void invalidFileInTheDirectoryIsReportedByItsPath() {
        Path dir = tmp.resolve("broken");
        write(dir.resolve("train-images-idx3-ubyte"), labels(1));
        write(dir.resolve("train-labels-idx1-ubyte"), labels(1));

        assertThatThrownBy(() -> MnistDirectory.load(dir, Split.TRAIN))
                .hasMessageStartingWith(dir.resolve("train-images-idx3-ubyte") + ": wrong magic number 0x00000801");
    }

    @Test
    void candidateNamesRejectUnknownKinds() {
        assertThat(MnistDirectory.candidateNames(Split.TRAIN, "images")).containsExactly(
                "train-images-idx3-ubyte", "train-images-idx3-ubyte.gz",
                "train-images.idx3-ubyte", "train-images.idx3-ubyte.gz");
        assertThatThrownBy(() -> MnistDirectory.candidateNames(Split.TRAIN, "pixels"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

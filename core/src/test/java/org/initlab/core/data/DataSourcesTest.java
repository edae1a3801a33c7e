package org.initlab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.initlab.core.data.IdxTestFiles.gzip;
import static org.initlab.core.data.IdxTestFiles.images;
import static org.initlab.core.data.IdxTestFiles.labels;
import static org.initlab.core.data.IdxTestFiles.write;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {
    @TempDir
    Path dir;

    @Test
    void directoryIsLoadedAsMnistIdxFiles() {
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(2, 28, 28)));
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(4, 1)));

        Dataset d = DataSources.load(dir, Split.TEST);

        assertThat(d.size()).isEqualTo(2);
        assertThat(d.featureShape()).containsExactly(1, 28, 28);
    }

    @Test
    void csvAndGzippedCsvFilesAreLoadedWhateverTheCase() {
        Path plain = write(dir.resolve("digits.csv"), "3,0,255\n".getBytes(StandardCharsets.UTF_8));
        Path zipped = write(dir.resolve("DIGITS.CSV.GZ"), gzip("4,0,255\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(DataSources.load(plain, Split.TRAIN).label(0)).isEqualTo(3);
        assertThat(DataSources.load(zipped, Split.TEST).label(0)).isEqualTo(4);
    }

    @Test
    void missingPathIsReported() {
        Path missing = dir.resolve("nothing-here");

        assertThatThrownBy(() -> DataSources.load(missing, Split.TRAIN))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(missing + ": no such file or directory");
    }

    @Test
    void fileOfAnotherKindIsReportedWithWhatIsAccepted() {
        Path other = write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(1, 28, 28)));

        assertThatThrownBy(() -> DataSources.load(other, Split.TRAIN))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith(other + ": not a data source; expected a directory of MNIST IDX files")
                .hasMessageEndingWith("or a .csv / .csv.gz file");
    }
}

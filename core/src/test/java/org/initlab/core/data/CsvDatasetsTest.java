package org.initlab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.initlab.core.data.IdxTestFiles.gzip;
import static org.initlab.core.data.IdxTestFiles.write;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetsTest {
    @TempDir
    Path dir;

    private Path csv(String name, String content) {
        return write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    /** A row of an MNIST-width CSV: the label, then 784 pixels where pixel p is {@code (p + shift) % 256}. */
    private static String mnistRow(String label, int shift) {
        StringJoiner row = new StringJoiner(",");
        row.add(label);
        for (int p = 0; p < 784; p++) {
            row.add(Integer.toString((p + shift) % 256));
        }
        return row.toString();
    }

    private static String mnistHeader() {
        StringJoiner row = new StringJoiner(",");
        row.add("label");
        for (int p = 0; p < 784; p++) {
            row.add("pixel" + p);
        }
        return row.toString();
    }

    @Test
    void readsMnistWidthRowsWithoutHeader() {
        Path file = csv("mnist.csv", mnistRow("5", 0) + "\n" + mnistRow("0", 1) + "\n");

        Dataset d = CsvDatasets.read(file);

        assertThat(d.name()).isEqualTo("mnist.csv");
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.featureShape()).containsExactly(784);
        assertThat(d.classCount()).isEqualTo(10);
        assertThat(d.label(0)).isEqualTo(5);
        assertThat(d.label(1)).isZero();
        assertThat(d.feature(0, 255)).isEqualTo(1f);
        assertThat(d.feature(0, 51)).isEqualTo(51 / 255f);
        assertThat(d.feature(1, 0)).isEqualTo(1 / 255f);
    }

    @Test
    void skipsAHeaderRowAndBlankLinesAndAcceptsCrlf() {
        Path file = csv("mnist.csv", "\uFEFF" + mnistHeader() + "\r\n\r\n" + mnistRow("3", 0) + "\r\n  \r\n"
                + mnistRow("4", 2) + "\r\n");

        Dataset d = CsvDatasets.read(file);

        assertThat(d.size()).isEqualTo(2);
        assertThat(d.label(0)).isEqualTo(3);
        assertThat(d.label(1)).isEqualTo(4);
        assertThat(d.feature(1, 0)).isEqualTo(2 / 255f);
    }

    @Test
    void smallRowsInferTheClassCountFromTheLargestLabelButAtLeastTen() {
        Dataset ten = CsvDatasets.read(csv("small.csv", "1,0,255\n2,128,64\n"));
        Dataset twelve = CsvDatasets.read(csv("letters.csv", "label,a,b\n11,0,0\n0, 10 ,20\n"));

        assertThat(ten.classCount()).isEqualTo(10);
        assertThat(ten.featureShape()).containsExactly(2);
        assertThat(ten.feature(0, 1)).isEqualTo(1f);
        assertThat(twelve.classCount()).isEqualTo(12);
        assertThat(twelve.feature(1, 0)).isEqualTo(10 / 255f);
    }

    @Test
    void decimalPixelValuesAreAccepted() {
        Dataset d = CsvDatasets.read(csv("dec.csv", "1,127.5,2.55e2,.0\n"));

        assertThat(d.feature(0, 0)).isEqualTo(0.5f);
        assertThat(d.feature(0, 1)).isEqualTo(1f);
        assertThat(d.feature(0, 2)).isZero();
    }

    @Test
    void gzippedCsvIsReadByContent() {
        Path file = write(dir.resolve("mnist.csv.gz"), gzip("7,1,2\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(CsvDatasets.read(file).label(0)).isEqualTo(7);
    }

    @Test
    void raggedRowIsReportedWithLineNumberAndColumnCounts() {
        Path file = csv("mnist.csv", mnistRow("1", 0) + "\n\n1,2,3,4,5,6,7,8,9,10,11,12\n");

        assertThatThrownBy(() -> CsvDatasets.read(file))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(file + " line 3: expected 785 columns (label + 784 pixels), found 12");
    }

    @Test
    void rowThatDisagreesWithTheHeaderIsReported() {
        Path file = csv("h.csv", "label,p0,p1\n1,2\n");

        assertThatThrownBy(() -> CsvDatasets.read(file))
                .hasMessage(file + " line 2: expected 3 columns (label + 2 pixels), found 2");
    }

    @Test
    void nonNumericPixelIsReportedWithLineAndColumn() {
        Path file = csv("p.csv", "label,a,b\n1,2,3\n\n4,x,6\n");

        assertThatThrownBy(() -> CsvDatasets.read(file))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(file + " line 4: pixel value 'x' is not a number (column 2)");
    }

    @Test
    void pixelOutsideByteRangeIsReported() {
        Path file = csv("p.csv", "1,2,300\n");
        Path negative = csv("n.csv", "1,-1,3\n");

        assertThatThrownBy(() -> CsvDatasets.read(file))
                .hasMessage(file + " line 1: pixel 300 outside 0..255 (column 3)");
        assertThatThrownBy(() -> CsvDatasets.read(negative))
                .hasMessage(negative + " line 1: pixel -1 outside 0..255 (column 2)");
    }

    @Test
    void labelOutsideTenClassesIsReportedForMnistWidthData() {
        Path file = csv("mnist.csv", mnistRow("9", 0) + "\n" + mnistRow("12", 0) + "\n");

        assertThatThrownBy(() -> CsvDatasets.read(file))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(file + " line 2: label 12 is outside 0..9");
    }

    @Test
    void labelOutsideAnExplicitClassCountIsReported() {
        Path file = csv("c.csv", "0,1\n3,1\n");

        assertThat(CsvDatasets.read(file, 4).classCount()).isEqualTo(4);
        assertThatThrownBy(() -> CsvDatasets.read(file, 3)).hasMessage(file + " line 2: label 3 is outside 0..2");
    }

    @Test
    void negativeOrFractionalLabelIsReported() {
        Path negative = csv("neg.csv", "-1,0\n");
        Path fraction = csv("frac.csv", "1,0\n3.5,0\n");

        assertThatThrownBy(() -> CsvDatasets.read(negative)).hasMessage(negative + " line 1: label -1 is outside 0..65535");
        assertThatThrownBy(() -> CsvDatasets.read(fraction)).hasMessage(fraction + " line 2: label '3.5' is not an integer");
    }

    @Test
    void emptyFileIsReported() {
        Path empty = csv("empty.csv", "");
        Path blank = csv("blank.csv", "\n  \n");

        assertThatThrownBy(() -> CsvDatasets.read(empty))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(empty + ": empty file, expected rows of a label and pixel values");
        assertThatThrownBy(() -> CsvDatasets.read(blank)).hasMessageContaining("empty file");
    }

    @Test
    void headerWithoutDataRowsIsReported() {
        Path file = csv("h.csv", "label,a\n\n");

        assertThatThrownBy(() -> CsvDatasets.read(file)).hasMessage(file + ": no data rows after the header on line 1");
    }

    @Test
    void singleColumnIsReported() {
        Path file = csv("one.csv", "1\n2\n");

        assertThatThrownBy(() -> CsvDatasets.read(file))
                .hasMessage(file + " line 1: expected a label and at least one pixel value per row, found 1 column");
    }

    @Test
    void missingFileIsReported() {
        Path file = dir.resolve("none.csv");

        assertThatThrownBy(() -> CsvDatasets.read(file)).hasMessage(file + ": file not found");
    }
}

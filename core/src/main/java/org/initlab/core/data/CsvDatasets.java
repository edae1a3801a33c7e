package org.initlab.core.data;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.initlab.core.limits.MemoryBudget;

/**
 * Reads a labelled image dataset from CSV in the layout of the popular {@code mnist_train.csv}: one sample per
 * row, the label in the first column and pixel values {@code 0..255} in the others.
 *
 * <ul>
 *   <li>Pixels are scaled by {@code 1/255} to {@code [0, 1]}; integers and decimals are accepted.</li>
 *   <li>An optional header row is recognised when the first field of the first row is not a number.</li>
 *   <li>Blank lines are ignored; every other row must have the same number of columns.</li>
 *   <li>Labels are integers {@code 0..classCount-1}. Unless given, the class count is 10 for 784-pixel
 *       (28 x 28) data, and otherwise {@code max(10, largest label + 1)}.</li>
 *   <li>The file may be gzip-compressed, recognised by its magic bytes.</li>
 * </ul>
 *
 * <p>The feature shape is {@code [pixels]}. Problems are reported as {@link InvalidDataException} with the file
 * and line number, e.g. {@code mnist.csv line 3: expected 785 columns (label + 784 pixels), found 12}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class CsvDatasets {
    /** Pixels of a 28 x 28 MNIST image; CSV data of this width has 10 classes unless told otherwise. */
    public static final int MNIST_PIXELS = 784;
    /** The largest class count inferred from labels when none is given. */
    public static final int MAX_INFERRED_CLASS_COUNT = 65_536;
    /**
     * The longest line read, in characters (16 Mi: a million columns of 16 characters); a longer line is an
     * {@link InvalidDataException}, not an attempt to hold it in memory.
     */
    public static final int MAX_LINE_CHARS = 1 << 24;

    private static final int DEFAULT_CLASS_COUNT = 10;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvDatasets() {
    }

    /**
     * Reads a CSV file, inferring the class count: 10 for 784-pixel rows, otherwise
     * {@code max(10, largest label + 1)}. The dataset is named after the file.
     *
     * @param path the CSV file, plain or gzipped
     * @return the dataset, feature shape {@code [pixels]}
     * @throws InvalidDataException if the file is missing, unreadable, empty or malformed
     */
    public static Dataset read(Path path) {
        Objects.requireNonNull(path, "path");
        return read(ByteSource.of(path), nameOf(path), 0);
    }

    /**
     * Reads a CSV file whose labels must lie in {@code 0..classCount-1}. The dataset is named after the file.
     *
     * @param path       the CSV file, plain or gzipped
     * @param classCount the number of classes, {@code >= 1}
     * @return the dataset, feature shape {@code [pixels]}
     * @throws InvalidDataException     if the file is missing, unreadable, empty or malformed
     * @throws IllegalArgumentException if the class count is below 1
     */
    public static Dataset read(Path path, int classCount) {
        Objects.requireNonNull(path, "path");
        if (classCount < 1) {
            throw new IllegalArgumentException("class count must be >= 1, got " + classCount);
        }
        return read(ByteSource.of(path), nameOf(path), classCount);
    }

    private static String nameOf(Path path) {
        Path file = path.getFileName();
        return file == null || file.toString().isBlank() ? path.toString() : file.toString();
    }

    /** Reads CSV; {@code classCount == 0} means infer it. */
    static Dataset read(ByteSource source, String name, int classCount) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(source.openDecoded(), StandardCharsets.UTF_8), 1 << 16)) {
            return new Parser(source.name(), classCount).parse(reader, name);
        } catch (IOException e) {
            throw source.readFailure(e);
        }
    }

    /** The state of one parse: growing label and feature buffers. */
    private static final class Parser {
        private final String file;
        private final int explicitClassCount;
        private int columns = -1;
        private int pixels;
        private int limit;
        private int rows;
        private int maxLabel = -1;
        private int[] labels = new int[64];
        private float[] features = new float[0];

        Parser(String file, int explicitClassCount) {
            this.file = file;
            this.explicitClassCount = explicitClassCount;
        }

        Dataset parse(BufferedReader reader, String name) throws IOException {
            int lineNo = 0;
            int headerLine = 0;
            BoundedLines lines = new BoundedLines(reader, file, MAX_LINE_CHARS);
            for (String line = lines.next(); line != null; line = lines.next()) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                int count = countColumns(line);
                if (columns < 0) {
                    start(lineNo, count);
                    int comma = line.indexOf(',');
                    if (!isNumber(line.substring(0, comma).strip())) {
                        headerLine = lineNo;
                        continue;
                    }
                } else if (count != columns) {
                    throw error(lineNo, "expected " + columns + " columns (label + " + pixels + " pixels), found "
                            + count);
                }
                addRow(line, lineNo);
            }
            if (columns < 0) {
                throw new InvalidDataException(file, "empty file, expected rows of a label and pixel values");
            }
            if (rows == 0) {
                throw new InvalidDataException(file, "no data rows after the header on line " + headerLine);
            }
            int classCount = explicitClassCount > 0 ? explicitClassCount
                    : pixels == MNIST_PIXELS ? DEFAULT_CLASS_COUNT : Math.max(DEFAULT_CLASS_COUNT, maxLabel + 1);
            float[] f = features.length == rows * pixels ? features : Arrays.copyOf(features, rows * pixels);
            int[] l = labels.length == rows ? labels : Arrays.copyOf(labels, rows);
            return new Dataset(name, f, l, List.of(pixels), classCount);
        }

        private void start(int lineNo, int count) {
            if (count < 2) {
                throw error(lineNo, "expected a label and at least one pixel value per row, found 1 column");
            }
            columns = count;
            pixels = count - 1;
            limit = explicitClassCount > 0 ? explicitClassCount
                    : pixels == MNIST_PIXELS ? DEFAULT_CLASS_COUNT : MAX_INFERRED_CLASS_COUNT;
            MemoryBudget.ofRuntime().require(file + " line " + lineNo, "rows of " + pixels + " values",
                    (long) pixels * 64 * Float.BYTES);
            features = new float[Math.multiplyExact(pixels, 64)];
        }

        private void addRow(String line, int lineNo) {
            if (rows == labels.length) {
                int capacity = rows * 2;
                if ((long) capacity * pixels > Integer.MAX_VALUE - 8) {
                    capacity = (Integer.MAX_VALUE - 8) / pixels;
                    if (capacity <= rows) {
                        throw error(lineNo, "too many values to load (more than " + (Integer.MAX_VALUE - 8) + ")");
                    }
                }
                // the copy and the old array live together for a moment
                MemoryBudget.ofRuntime().require(file + " line " + lineNo, "loading more than " + rows + " rows of "
                        + pixels + " values", (long) capacity * pixels * Float.BYTES + (long) capacity * Integer.BYTES);
                labels = Arrays.copyOf(labels, capacity);
                features = Arrays.copyOf(features, capacity * pixels);
            }
            int end = line.indexOf(',');
            int label = parseLabel(line, 0, end, lineNo);
            labels[rows] = label;
            maxLabel = Math.max(maxLabel, label);
            int base = rows * pixels;
            for (int p = 0; p < pixels; p++) {
                int start = end + 1;
                end = line.indexOf(',', start);
                if (end < 0) {
                    end = line.length();
                }
                features[base + p] = parsePixel(line, start, end, lineNo, p + 2);
            }
            rows++;
        }

        private int parseLabel(String line, int start, int end, int lineNo) {
            String text = line.substring(start, end).strip();
            int digitsFrom = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
            boolean integer = text.length() > digitsFrom;
            for (int k = digitsFrom; k < text.length() && integer; k++) {
                integer = Character.isDigit(text.charAt(k)) && text.charAt(k) < 128;
            }
            if (!integer) {
                throw error(lineNo, "label '" + text + "' is not an integer");
            }
            long value = text.length() - digitsFrom > 12 ? Long.MAX_VALUE : Long.parseLong(text);
            if (value < 0 || value >= limit) {
                throw error(lineNo, "label " + text + " is outside 0.." + (limit - 1));
            }
            return (int) value;
        }

        private float parsePixel(String line, int start, int end, int lineNo, int column) {
            while (start < end && line.charAt(start) == ' ') {
                start++;
            }
            while (end > start && line.charAt(end - 1) == ' ') {
                end--;
            }
            // fast path: up to 3 plain digits, the usual case
            int length = end - start;
            if (length >= 1 && length <= 3) {
                int value = 0;
                int k = start;
                for (; k < end; k++) {
                    int d = line.charAt(k) - '0';
                    if (d < 0 || d > 9) {
                        break;
                    }
                    value = value * 10 + d;
                }
                if (k == end) {
                    if (value > 255) {
                        throw error(lineNo, "pixel " + value + " outside 0..255 (column " + column + ")");
                    }
                    return value / 255f;
                }
            }
            String text = line.substring(start, end).strip();
            if (!DECIMAL.matcher(text).matches()) {
                throw error(lineNo, "pixel value '" + text + "' is not a number (column " + column + ")");
            }
            double value = Double.parseDouble(text);
            if (!(value >= 0 && value <= 255)) {
                throw error(lineNo, "pixel " + text + " outside 0..255 (column " + column + ")");
            }
            return (float) value / 255f;
        }

        private InvalidDataException error(int lineNo, String problem) {
            return new InvalidDataException(file + " line " + lineNo, problem);
        }
    }

    private static int countColumns(String line) {
        int count = 1;
        for (int k = line.indexOf(','); k >= 0; k = line.indexOf(',', k + 1)) {
            count++;
        }
        return count;
    }

    private static boolean isNumber(String text) {
        return DECIMAL.matcher(text).matches();
    }
}

package org.initlab.core.data;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines like {@link java.io.BufferedReader#readLine()} but refuses a line longer than a bound, so that a
 * file of one huge line (a sparse file of NUL bytes, a {@code .gz} that inflates to gigabytes without a
 * newline) is an {@link InvalidDataException} instead of an {@code OutOfMemoryError}.
 */
final class BoundedLines {
    private final Reader reader;
    private final String file;
    private final int maxChars;
    private final StringBuilder line = new StringBuilder(1 << 12);
    private int lineNo;
    private boolean pendingCarriageReturn;

    /**
     * @param reader   the text, buffered
     * @param file     the file's name, for messages
     * @param maxChars the longest line accepted
     */
    BoundedLines(Reader reader, String file, int maxChars) {
        this.reader = reader;
        this.file = file;
        this.maxChars = maxChars;
    }

    /**
     * @return the next line without its terminator ({@code \n}, {@code \r\n} or {@code \r}), or {@code null}
     *         at the end
     * @throws InvalidDataException when a line is longer than the bound
     * @throws IOException          when reading fails
     */
    String next() throws IOException {
        line.setLength(0);
        int c = reader.read();
        if (c == '\n' && pendingCarriageReturn) {
            c = reader.read();
        }
        pendingCarriageReturn = false;
        if (c < 0) {
            return null;
        }
        lineNo++;
        while (c >= 0 && c != '\n' && c != '\r') {
            if (line.length() >= maxChars) {
                throw new InvalidDataException(file + " line " + lineNo, "longer than " + maxChars
                        + " characters (is it a text file of rows?)");
            }
            line.append((char) c);
            c = reader.read();
        }
        pendingCarriageReturn = c == '\r';
        return line.toString();
    }
}

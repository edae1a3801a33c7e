package org.initlab.core.data;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A data file that cannot be used: missing, unreadable, malformed or inconsistent.
 *
 * <p>The message is always one line of the form {@code <source>: <problem>}, where the source is the path
 * exactly as the caller gave it (optionally followed by a line number, as in {@code mnist.csv line 3}) and the
 * problem says what is wrong and what was expected, for example
 * {@code data/train-images-idx3-ubyte.gz: truncated: expected 47040000 bytes of pixels, found 1000}.
 * Being an {@link IllegalArgumentException}, it is reported by the CLI as one line with exit code 2.
 */
@API(status = STABLE, since = "0.1")
public final class InvalidDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The file (and position) the problem is in. */
    private final String source;
    /** What is wrong. */
    private final String problem;

    /**
     * Creates an exception for a problem in a data source.
     *
     * @param source  the file as the caller named it, optionally with a position ({@code mnist.csv line 3})
     * @param problem what is wrong, one line
     */
    public InvalidDataException(String source, String problem) {
        super(oneLine(source) + ": " + oneLine(problem));
        this.source = oneLine(source);
        this.problem = oneLine(problem);
    }

    /**
     * Creates an exception for a problem in a data source that was caused by another exception, typically an
     * {@link java.io.IOException}.
     *
     * @param source  the file as the caller named it, optionally with a position
     * @param problem what is wrong, one line
     * @param cause   the underlying exception
     */
    public InvalidDataException(String source, String problem, Throwable cause) {
        super(oneLine(source) + ": " + oneLine(problem), cause);
        this.source = oneLine(source);
        this.problem = oneLine(problem);
    }

    /** @return the file (and position, if any) the problem is in, as given by the caller */
    public String source() {
        return source;
    }

    /** @return what is wrong, without the source prefix */
    public String problem() {
        return problem;
    }

    private static String oneLine(String text) {
        String s = String.valueOf(text);
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
